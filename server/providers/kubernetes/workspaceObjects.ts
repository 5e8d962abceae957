import type { V1PersistentVolumeClaim, V1Pod, V1Secret } from "@kubernetes/client-node";
import type { KubernetesResourceList } from "../../../protocol/rest.js";
import type { StoredKubernetesSettings } from "../providerSettings.js";
import type { ProviderWorkspace } from "../WorkspaceProvider.js";

/** Label every object of ours carries, so a list finds exactly what Gangway made. */
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const MANAGED_BY = "gangway";
export const WORKSPACE_ID_LABEL = "gangway/workspace-id";
export const WORKSPACE_NAME_LABEL = "gangway/workspace-name";
export const PROVIDER_ID_LABEL = "gangway/provider-id";

/** Keys in the token Secret; the agent reads both through secretKeyRef. */
export const SECRET_URL_KEY = "gatewayUrl";
export const SECRET_TOKEN_KEY = "agentToken";

/** Where the home volume is mounted; the agent's working directory. */
export const HOME_DIR = "/home/gangway";
/** An unprivileged uid/gid: workspaces never need root to run the agent. */
const WORKSPACE_UID = 1000;
/** Short grace: the agent closes its PTYs and peer connections in well under a second. */
export const POD_TERMINATION_GRACE_SECONDS = 10;

export const secretName = (workspaceId: string) => `gangway-${workspaceId}-agent`;
export const homeClaimName = (workspaceId: string) => `gangway-${workspaceId}-home`;
/** A fresh pod name per start, so a new pod never waits for the old one's name to be released. */
export const podName = (workspaceId: string, suffix: string) => `gangway-${workspaceId}-${suffix}`;

function labels(workspace: ProviderWorkspace, providerId: string): Record<string, string> {
  return {
    [MANAGED_BY_LABEL]: MANAGED_BY,
    [WORKSPACE_ID_LABEL]: workspace.id,
    [WORKSPACE_NAME_LABEL]: workspace.name,
    [PROVIDER_ID_LABEL]: providerId,
  };
}

/** Label selector of one workspace's objects. */
export function workspaceSelector(workspaceId: string): string {
  return `${MANAGED_BY_LABEL}=${MANAGED_BY},${WORKSPACE_ID_LABEL}=${workspaceId}`;
}

/** Label selector of every workspace object this provider made. */
export function providerSelector(providerId: string): string {
  return `${MANAGED_BY_LABEL}=${MANAGED_BY},${PROVIDER_ID_LABEL}=${providerId}`;
}

/** The Secret carrying the agent's token and the URL it dials; stop deletes it with the pod. */
export function tokenSecret(
  workspace: ProviderWorkspace,
  providerId: string,
  gatewayUrl: string,
  agentToken: string,
): V1Secret {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: secretName(workspace.id), labels: labels(workspace, providerId) },
    type: "Opaque",
    data: {
      [SECRET_URL_KEY]: Buffer.from(gatewayUrl).toString("base64"),
      [SECRET_TOKEN_KEY]: Buffer.from(agentToken).toString("base64"),
    },
  };
}

/** The home volume: survives stop, removed by delete. */
export function homeClaim(
  workspace: ProviderWorkspace,
  providerId: string,
  settings: StoredKubernetesSettings,
): V1PersistentVolumeClaim {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: homeClaimName(workspace.id), labels: labels(workspace, providerId) },
    spec: {
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: settings.homeVolumeSize } },
      ...(settings.storageClassName ? { storageClassName: settings.storageClassName } : {}),
    },
  };
}

/**
 * The workspace pod: one agent container that dials out to the gateway. It has no ports, no
 * host network and no service-account token (the workspace has no business with the cluster's
 * API); the agent token comes from the Secret, never as a literal in the spec.
 */
export function workspacePod(
  workspace: ProviderWorkspace,
  providerId: string,
  settings: StoredKubernetesSettings,
  name: string,
): V1Pod {
  const fromSecret = (key: string) => ({ secretKeyRef: { name: secretName(workspace.id), key } });
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: labels(workspace, providerId) },
    spec: {
      restartPolicy: "Always",
      hostNetwork: false,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: POD_TERMINATION_GRACE_SECONDS,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: WORKSPACE_UID,
        runAsGroup: WORKSPACE_UID,
        fsGroup: WORKSPACE_UID,
        seccompProfile: { type: "RuntimeDefault" },
      },
      containers: [
        {
          name: "agent",
          image: settings.agentImage,
          imagePullPolicy: "IfNotPresent",
          workingDir: HOME_DIR,
          env: [
            { name: "GANGWAY_URL", valueFrom: fromSecret(SECRET_URL_KEY) },
            { name: "GANGWAY_AGENT_TOKEN", valueFrom: fromSecret(SECRET_TOKEN_KEY) },
            { name: "GANGWAY_WORKSPACE_DIR", value: HOME_DIR },
            { name: "HOME", value: HOME_DIR },
          ],
          resources: {
            ...(hasAny(settings.resources.requests) ? { requests: compact(settings.resources.requests) } : {}),
            ...(hasAny(settings.resources.limits) ? { limits: compact(settings.resources.limits) } : {}),
          },
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
          volumeMounts: [{ name: "home", mountPath: HOME_DIR }],
        },
      ],
      volumes: [{ name: "home", persistentVolumeClaim: { claimName: homeClaimName(workspace.id) } }],
    },
  };
}

function compact(list: KubernetesResourceList): Record<string, string> {
  return Object.fromEntries(Object.entries(list).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function hasAny(list: KubernetesResourceList): boolean {
  return Object.keys(compact(list)).length > 0;
}
