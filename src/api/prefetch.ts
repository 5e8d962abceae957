/**
 * GET requests the entry chunk (main.tsx) starts before the app's code has loaded, so the
 * session check and the page's first data arrive while React is still being parsed. Each
 * response is handed to `API.request` once, and only soon after the page started: later a
 * fresh request is the right answer.
 */
export const PREFETCH_TTL_MS = 5000;

const started = new Map<string, { response: Promise<Response>; at: number }>();

/** Starts a same-origin GET for `url` (absolute), unless one is already waiting. */
export function prefetch(url: string, fetchImpl: typeof fetch = fetch): void {
  if (started.has(url)) return;
  const response = fetchImpl(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  // A prefetch nobody takes must not surface as an unhandled rejection.
  response.catch(() => undefined);
  started.set(url, { response, at: performance.now() });
}

/** The prefetched response for `url`, once; null when there is none or it is too old. */
export function takePrefetched(url: string): Promise<Response> | null {
  const entry = started.get(url);
  if (!entry) return null;
  started.delete(url);
  return performance.now() - entry.at <= PREFETCH_TTL_MS ? entry.response : null;
}
