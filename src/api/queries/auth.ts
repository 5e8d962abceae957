import { type QueryClient, queryOptions } from "@tanstack/react-query";
import type { LoginRequest, SessionResponse, SetupRequest } from "../../../protocol/rest.js";
import { API } from "../api";

export const setupStatusKey = ["setup"] as const;
export const meKey = ["me"] as const;

export function setupStatus() {
  return queryOptions({ queryKey: setupStatusKey, queryFn: API.getSetupStatus });
}

/** The signed-in user; fails with UNAUTHENTICATED when nobody is signed in. */
export function me() {
  return queryOptions({ queryKey: meKey, queryFn: API.getMe });
}

/** Signing in (setup or login) already returns the user, so no refetch is needed. */
function storeSession(queryClient: QueryClient) {
  return (session: SessionResponse) => {
    queryClient.setQueryData(meKey, session);
    queryClient.setQueryData(setupStatusKey, { needsSetup: false });
  };
}

export function setup(queryClient: QueryClient) {
  return { mutationFn: (body: SetupRequest) => API.setup(body), onSuccess: storeSession(queryClient) };
}

export function login(queryClient: QueryClient) {
  return { mutationFn: (body: LoginRequest) => API.login(body), onSuccess: storeSession(queryClient) };
}

/** Drops every cached query: nothing of the previous user may show to the next one. */
export function logout(queryClient: QueryClient) {
  return { mutationFn: API.logout, onSuccess: () => queryClient.clear() };
}
