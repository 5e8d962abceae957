import { type QueryClient, queryOptions } from "@tanstack/react-query";
import type { CordonProviderRequest, CreateProviderRequest, UpdateProviderRequest } from "../../../protocol/rest.js";
import { API } from "../api";

/** Root of every provider query: one invalidation refreshes the summary and the details. */
export const providersKey = ["providers"] as const;
const summaryKey = ["providers", "summary"] as const;
const detailsKey = ["providers", "details"] as const;

/**
 * How often the admin list refetches while a provider is "pending". The gateway checks a new
 * or changed provider at once and a check takes a fraction of a second against a healthy
 * cluster, so a second shows the outcome without loading the server.
 */
export const PENDING_POLL_MS = 1000;

/** Providers a workspace can be placed on (members see only those; admins get all of them). */
export function providers() {
  return queryOptions({ queryKey: summaryKey, queryFn: API.getProviders });
}

/** Admins only: every provider with its status details and settings (never secrets). */
export function providerDetailsList() {
  return queryOptions({
    queryKey: detailsKey,
    queryFn: API.getProviderDetailsList,
    refetchInterval: (query) =>
      query.state.data?.providers.some((provider) => provider.status === "pending") ? PENDING_POLL_MS : false,
  });
}

function invalidate(queryClient: QueryClient) {
  return () => queryClient.invalidateQueries({ queryKey: providersKey });
}

export function createProvider(queryClient: QueryClient) {
  return { mutationFn: (body: CreateProviderRequest) => API.createProvider(body), onSuccess: invalidate(queryClient) };
}

export function updateProvider(queryClient: QueryClient) {
  return {
    mutationFn: ({ id, body }: { id: string; body: UpdateProviderRequest }) => API.updateProvider(id, body),
    onSuccess: invalidate(queryClient),
  };
}

export function deleteProvider(queryClient: QueryClient) {
  return { mutationFn: (id: string) => API.deleteProvider(id), onSuccess: invalidate(queryClient) };
}

/** The connection test also records the provider's new status, so the list is stale after it. */
export function testProvider(queryClient: QueryClient) {
  return { mutationFn: (id: string) => API.testProvider(id), onSuccess: invalidate(queryClient) };
}

export function cordonProvider(queryClient: QueryClient) {
  return {
    mutationFn: ({ id, body }: { id: string; body: CordonProviderRequest }) => API.cordonProvider(id, body),
    onSuccess: invalidate(queryClient),
  };
}

export function uncordonProvider(queryClient: QueryClient) {
  return { mutationFn: (id: string) => API.uncordonProvider(id), onSuccess: invalidate(queryClient) };
}
