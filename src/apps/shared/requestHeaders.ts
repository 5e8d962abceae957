import { HOP_BY_HOP_HEADERS } from "../../../protocol/hopByHop.js";
import type { HttpHeaders } from "../../../protocol/streams.js";

/**
 * Request headers this side sets itself rather than copying: the cookie jar's `Cookie`, the
 * encodings the host page can decode, the body's length (known only once it was read),
 * `Host` and `Origin` (the agent names the loopback target), and `Expect`.
 */
const OWN_HEADERS: ReadonlySet<string> = new Set([
  "host",
  "cookie",
  "accept-encoding",
  "content-length",
  "expect",
  "origin",
  "referer",
]);

/** What the browser would add to the request that a service worker cannot see in `request.headers`. */
export interface RequestContext {
  method: string;
  /** The `Cookie` header from the jars; "" for none. */
  cookie: string;
  /** The app origin, sent as `Origin` on requests that are not GET or HEAD, as browsers do. */
  origin: string;
  /** `request.referrer`: "" or "about:client" for none. */
  referrer: string;
}

/**
 * The headers of a frame's request as they go to the app: the request's own minus hop-by-hop
 * and browser-owned ones, plus `Cookie`, `Origin`, `Referer` and `Accept-Encoding`. A Range
 * request asks for `identity`, so byte ranges refer to the bytes the app stores; any other
 * asks for what `DecompressionStream` decodes.
 */
export function forwardedRequestHeaders(headers: Iterable<[string, string]>, context: RequestContext): HttpHeaders {
  const listed = connectionListed(headers);
  const forwarded: HttpHeaders = [];
  let range = false;
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (HOP_BY_HOP_HEADERS.has(lower) || OWN_HEADERS.has(lower) || listed.has(lower)) continue;
    if (lower === "range") range = true;
    forwarded.push([name, value]);
  }
  forwarded.push(["Accept-Encoding", range ? "identity" : "gzip, deflate"]);
  if (context.cookie) forwarded.push(["Cookie", context.cookie]);
  const method = context.method.toUpperCase();
  if (method !== "GET" && method !== "HEAD") forwarded.push(["Origin", context.origin]);
  if (context.referrer && context.referrer !== "about:client") forwarded.push(["Referer", context.referrer]);
  return forwarded;
}

/** Names listed in `Connection`, hop-by-hop for this message too. */
function connectionListed(headers: Iterable<[string, string]>): Set<string> {
  const names = new Set<string>();
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== "connection") continue;
    for (const listed of value.split(",")) names.add(listed.trim().toLowerCase());
  }
  return names;
}

/** The value of the first header named `name` (case-insensitive), or null. */
export function headerValue(headers: HttpHeaders, name: string): string | null {
  const lower = name.toLowerCase();
  return headers.find(([key]) => key.toLowerCase() === lower)?.[1] ?? null;
}

/** `headers` without any named in `names` (lowercase). */
export function withoutHeaders(headers: HttpHeaders, names: readonly string[]): HttpHeaders {
  return headers.filter(([key]) => !names.includes(key.toLowerCase()));
}

/** Statuses whose response has no body (`new Response()` refuses one for them). */
export function hasNoBody(method: string, status: number): boolean {
  return method.toUpperCase() === "HEAD" || status === 204 || status === 205 || status === 304 || status < 200;
}
