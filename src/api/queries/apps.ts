import { queryOptions } from "@tanstack/react-query";
import { API } from "../api";

export const workspaceAppsKey = (id: string) => ["workspaces", id, "apps"] as const;

/**
 * How often the apps list is refreshed while shown: the agent reports a new listening port
 * within about 2 s, and someone starting a dev server in a terminal expects it to appear.
 */
export const APPS_POLL_MS = 3000;

export function workspaceApps(id: string, enabled: boolean) {
  return queryOptions({
    queryKey: workspaceAppsKey(id),
    queryFn: () => API.getWorkspaceApps(id),
    enabled,
    refetchInterval: APPS_POLL_MS,
  });
}
