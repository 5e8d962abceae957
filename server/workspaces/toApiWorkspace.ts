import type { Workspace } from "../../protocol/rest.js";
import type { LiveAgent } from "../agents/AgentHub.js";
import type { WorkspaceView } from "./WorkspaceStore.js";

/** The API shape of a workspace; presence comes from the live agent socket when there is one. */
export function toApiWorkspace(view: WorkspaceView, live: LiveAgent | null): Workspace {
  return {
    id: view.id,
    name: view.name,
    ownerId: view.owner_id,
    ownerName: view.owner_name,
    providerId: view.provider_id,
    providerName: view.provider_name,
    status: view.status,
    statusMessage: view.status_message,
    agent: {
      connection: live ? "connected" : "disconnected",
      lastSeenAt: live?.lastSeenAt.toISOString() ?? view.agent_last_seen_at,
      version: live?.version ?? view.agent_version,
    },
    // Peer connections are known only while the agent holds its socket.
    connections: live?.connections ?? [],
    createdAt: view.created_at,
  };
}
