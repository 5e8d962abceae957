import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./api/api";

/** Client errors (4xx) are answers, not glitches: retrying them only delays the message. */
const MAX_RETRIES = 2;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < MAX_RETRIES,
        refetchOnWindowFocus: true,
      },
    },
  });
}
