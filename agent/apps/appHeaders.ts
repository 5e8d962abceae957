import { HOP_BY_HOP_HEADERS } from "../../protocol/hopByHop.js";
import { MAX_HTTP_HEAD_BYTES } from "../../protocol/limits.js";
import type { HttpHeaders } from "../../protocol/streams.js";
import { fail, ok, type Result } from "../result.js";

/**
 * Request headers the agent sets itself: `host` names the loopback target; `expect` would
 * make Node wait for a 100 Continue the browser side never asked about; the WebSocket
 * handshake's keys belong to the agent's own handshake with the app.
 */
const AGENT_OWNED = new Set([
  "host",
  "expect",
  "sec-websocket-key",
  "sec-websocket-version",
  "sec-websocket-extensions",
  "sec-websocket-protocol",
  "sec-websocket-accept",
]);

/** Path plus header names and values: what `MAX_HTTP_HEAD_BYTES` bounds. */
export function headBytes(path: string, headers: HttpHeaders): number {
  let bytes = Buffer.byteLength(path);
  for (const [name, value] of headers) bytes += name.length + Buffer.byteLength(value, "latin1");
  return bytes;
}

/** Refuses a head larger than the protocol allows (Node would refuse it less politely). */
export function checkHeadSize(path: string, headers: HttpHeaders): Result<void> {
  const bytes = headBytes(path, headers);
  if (bytes <= MAX_HTTP_HEAD_BYTES) return ok(undefined);
  return fail("MESSAGE_TOO_LARGE", `the request head has ${bytes} bytes; at most ${MAX_HTTP_HEAD_BYTES} are allowed`);
}

/**
 * The browser's request headers as the app should see them: hop-by-hop and agent-owned
 * ones dropped, `Host` set to the loopback target, and an `Origin` rewritten to it, so the
 * app takes the request for a same-origin one from a local browser (code-server refuses
 * WebSockets whose Origin differs from their Host). Access control happened before the
 * request reached the agent: only the signed-in user's own page holds this channel.
 */
export function upstreamRequestHeaders(headers: HttpHeaders, port: number): HttpHeaders {
  const dropped = connectionListed(headers);
  const host = `127.0.0.1:${port}`;
  const upstream: HttpHeaders = [["Host", host]];
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (HOP_BY_HOP_HEADERS.has(lower) || AGENT_OWNED.has(lower) || dropped.has(lower)) continue;
    upstream.push([name, lower === "origin" ? `http://${host}` : value]);
  }
  return upstream;
}

/** Header pairs in Node's flat `rawHeaders` form, which `http.request` takes as is (duplicates kept). */
export function flatHeaders(headers: HttpHeaders): string[] {
  return headers.flat();
}

/**
 * Header pairs as an object, for APIs that take no list (the `ws` client): repeated fields
 * joined as RFC 9110 allows, cookies with "; " as browsers send them.
 */
export function headerObject(headers: HttpHeaders): Record<string, string> {
  const object: Record<string, string> = {};
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const existing = object[key];
    object[key] = existing === undefined ? value : `${existing}${key === "cookie" ? "; " : ", "}${value}`;
  }
  return object;
}

/** The app's response headers (Node's `rawHeaders`: name, value, name, value…) minus hop-by-hop ones. */
export function browserResponseHeaders(rawHeaders: readonly string[]): HttpHeaders {
  const pairs: HttpHeaders = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    pairs.push([rawHeaders[index] as string, rawHeaders[index + 1] as string]);
  }
  const dropped = connectionListed(pairs);
  return pairs.filter(([name]) => !HOP_BY_HOP_HEADERS.has(name.toLowerCase()) && !dropped.has(name.toLowerCase()));
}

/** Names listed in `Connection`, which are hop-by-hop for this message too. */
function connectionListed(headers: HttpHeaders): Set<string> {
  const names = new Set<string>();
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== "connection") continue;
    for (const listed of value.split(",")) names.add(listed.trim().toLowerCase());
  }
  return names;
}
