import { queryOptions } from "@tanstack/react-query";
import { API } from "../api";

export const providersKey = ["providers"] as const;

export function providers() {
  return queryOptions({ queryKey: providersKey, queryFn: API.getProviders });
}
