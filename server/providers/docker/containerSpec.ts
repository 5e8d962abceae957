import type { ContainerCreateOptions } from "dockerode";
import type { StoredDockerSettings } from "../providerSettings.js";
import type { ProviderWorkspace } from "../WorkspaceProvider.js";

export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const MANAGED_BY = "gangway";
export const WORKSPACE_ID_LABEL = "gangway/workspace-id";
export const WORKSPACE_NAME_LABEL = "gangway/workspace-name";
export const PROVIDER_ID_LABEL = "gangway/provider-id";

/** Where the home volume is mounted; the agent's working directory. */
export const HOME_DIR = "/home/gangway";

export const containerName = (workspaceId: string) => `gangway-${workspaceId}`;
export const homeVolumeName = (workspaceId: string) => `gangway-${workspaceId}-home`;

export function workspaceLabels(workspace: ProviderWorkspace, providerId: string): Record<string, string> {
  return {
    [MANAGED_BY_LABEL]: MANAGED_BY,
    [WORKSPACE_ID_LABEL]: workspace.id,
    [WORKSPACE_NAME_LABEL]: workspace.name,
    [PROVIDER_ID_LABEL]: providerId,
  };
}

/**
 * The workspace container: the agent image with its token in the environment, home on a
 * named volume, restarted by Docker unless stopped. No port is exposed or published (not even
 * ones the image EXPOSEs): the agent dials out.
 */
export function workspaceContainer(
  workspace: ProviderWorkspace,
  providerId: string,
  settings: StoredDockerSettings,
  gatewayUrl: string,
  agentToken: string,
): ContainerCreateOptions {
  const { memory, cpus } = settings.resources;
  return {
    Image: settings.image,
    WorkingDir: HOME_DIR,
    Env: [
      `GANGWAY_URL=${gatewayUrl}`,
      `GANGWAY_AGENT_TOKEN=${agentToken}`,
      `GANGWAY_WORKSPACE_DIR=${HOME_DIR}`,
      `HOME=${HOME_DIR}`,
    ],
    Labels: workspaceLabels(workspace, providerId),
    HostConfig: {
      Mounts: [{ Type: "volume", Source: homeVolumeName(workspace.id), Target: HOME_DIR }],
      RestartPolicy: { Name: "unless-stopped" },
      PublishAllPorts: false,
      SecurityOpt: ["no-new-privileges"],
      ...(memory ? { Memory: memoryBytes(memory) } : {}),
      ...(cpus ? { NanoCpus: Math.round(cpus * 1e9) } : {}),
    },
  };
}

const UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Docker's memory notation ("512m", "2g", or bytes) in bytes. */
export function memoryBytes(memory: string): number {
  const match = /^([0-9]+)([bkmg]?)$/.exec(memory);
  if (!match) throw new Error(`not a memory size: ${memory}`);
  return Number(match[1]) * (UNITS[match[2] || "b"] ?? 1);
}
