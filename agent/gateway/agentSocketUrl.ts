import { API_PREFIX } from "../../protocol/rest.js";

const SOCKET_SCHEME: Record<string, string> = { "http:": "ws:", "https:": "wss:", "ws:": "ws:", "wss:": "wss:" };

/**
 * The agent socket's URL under the gateway base URL. A base with a path (a gateway behind
 * a reverse proxy at /gangway/) keeps it: `https://h/gangway` → `wss://h/gangway/api/v1/agent/connect`.
 */
export function agentSocketUrl(gatewayUrl: URL): URL {
  const scheme = SOCKET_SCHEME[gatewayUrl.protocol];
  if (!scheme) throw new TypeError(`unsupported gateway URL scheme ${gatewayUrl.protocol}`);
  const url = new URL(gatewayUrl.href);
  url.protocol = scheme;
  url.pathname = `${url.pathname.replace(/\/+$/, "")}${API_PREFIX}/agent/connect`;
  url.search = "";
  url.hash = "";
  return url;
}
