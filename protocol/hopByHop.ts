/**
 * Headers that describe one connection rather than the message (RFC 9110 §7.6.1), plus
 * `proxy-connection`, which clients still send. App traffic crosses two connections (the
 * browser's data channel, the agent's own connection to the app), so neither side forwards
 * these. Kept free of zod: the service worker's bundle imports it.
 */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);
