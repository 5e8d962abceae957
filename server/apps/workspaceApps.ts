import type { AppSlug, WorkspaceApp, WorkspaceAppList } from "../../protocol/rest.js";
import type { AgentHub } from "../agents/AgentHub.js";
import type { WorkspaceView } from "../workspaces/WorkspaceStore.js";
import type { AppHosts } from "./appHosts.js";

/**
 * GET /workspaces/:id/apps: code-server first (when the agent offers it), then every port the
 * workspace listens on, each with its origin. Empty, with the reason, while no agent is connected.
 */
export function workspaceAppList(hub: AgentHub, hosts: AppHosts, workspace: WorkspaceView): WorkspaceAppList {
  const reported = hub.appsOf(workspace.id);
  if (!reported) return { apps: [], reason: notConnectedReason(workspace) };
  const address = (slug: AppSlug) => ({ slug, workspaceName: workspace.name, username: workspace.owner_name });
  const apps: WorkspaceApp[] = reported.apps.map((name) => ({
    slug: name,
    kind: "code-server",
    title: name,
    port: null,
    process: null,
    origin: hosts.origin(address(name)),
  }));
  for (const { port, process } of reported.ports) {
    const slug = String(port);
    apps.push({
      slug,
      kind: "port",
      title: portTitle(port, process),
      port,
      process,
      origin: hosts.origin(address(slug)),
    });
  }
  return { apps, reason: null };
}

/** An app's title as the workspace page shows it: "code-server", the process's name, or "Port N". */
export function appTitle(hub: AgentHub, workspaceId: string, slug: AppSlug): string {
  if (slug === "code-server") return slug;
  const port = Number(slug);
  const reported = hub.appsOf(workspaceId)?.ports.find((entry) => entry.port === port);
  return portTitle(port, reported?.process ?? null);
}

function portTitle(port: number, process: string | null): string {
  return process ?? `Port ${port}`;
}

function notConnectedReason(workspace: WorkspaceView): string {
  if (workspace.status === "running") return "The workspace agent is not connected right now.";
  if (workspace.status === "starting") return "The workspace is starting; its apps appear once its agent connects.";
  return `The workspace is ${workspace.status}; start it to see its apps.`;
}
