import { type QueryClient, queryOptions } from "@tanstack/react-query";
import type { CreateWorkspaceRequest, Workspace } from "../../../protocol/rest.js";
import { API } from "../api";

export const workspacesKey = ["workspaces"] as const;
export const workspaceKey = (id: string) => ["workspaces", id] as const;

/**
 * How often to refetch while a workspace is changing state. Start and stop take seconds on
 * the local provider; a second keeps the badge honest without loading the server.
 */
export const TRANSITION_POLL_MS = 1000;

/**
 * How often to refetch while an agent is connected: browsers connect to it from other tabs
 * and machines (the connection count and path), which nothing here would notice otherwise.
 */
export const CONNECTIONS_POLL_MS = 10_000;

function pollInterval(workspaces: readonly Workspace[]): number | false {
  if (workspaces.some(isSettling)) return TRANSITION_POLL_MS;
  return workspaces.some((workspace) => workspace.agent.connection === "connected") ? CONNECTIONS_POLL_MS : false;
}

/** Still settling: starting or stopping, or running while its agent has not dialled in yet. */
export function isSettling(workspace: Workspace): boolean {
  if (workspace.status === "starting" || workspace.status === "stopping") return true;
  return workspace.status === "running" && workspace.agent.connection === "disconnected";
}

export function workspaces() {
  return queryOptions({
    queryKey: workspacesKey,
    queryFn: API.getWorkspaces,
    refetchInterval: (query) => pollInterval(query.state.data?.workspaces ?? []),
  });
}

export function workspace(id: string) {
  return queryOptions({
    queryKey: workspaceKey(id),
    queryFn: () => API.getWorkspace(id),
    refetchInterval: (query) => pollInterval(query.state.data ? [query.state.data] : []),
  });
}

/** After any change, the list and the one workspace are stale. */
function invalidate(queryClient: QueryClient) {
  return () => queryClient.invalidateQueries({ queryKey: workspacesKey });
}

export function createWorkspace(queryClient: QueryClient) {
  return {
    mutationFn: (body: CreateWorkspaceRequest) => API.createWorkspace(body),
    onSuccess: invalidate(queryClient),
  };
}

export function startWorkspace(queryClient: QueryClient) {
  return { mutationFn: (id: string) => API.startWorkspace(id), onSuccess: invalidate(queryClient) };
}

export function stopWorkspace(queryClient: QueryClient) {
  return { mutationFn: (id: string) => API.stopWorkspace(id), onSuccess: invalidate(queryClient) };
}

export function deleteWorkspace(queryClient: QueryClient) {
  return {
    mutationFn: (id: string) => API.deleteWorkspace(id),
    onSuccess: (_deleted: unknown, id: string) => {
      queryClient.removeQueries({ queryKey: workspaceKey(id), exact: true });
      return queryClient.invalidateQueries({ queryKey: workspacesKey, exact: true });
    },
  };
}
