import type { IceServer as NdcIceServer } from "node-datachannel";
import type { IceServer } from "../../protocol/signaling.js";

const DEFAULT_PORT = { stun: 3478, turn: 3478, turns: 5349 } as const;

/**
 * libjuice (node-datachannel's ICE agent) keeps at most two STUN and two TURN servers
 * (MAX_SERVER_ENTRIES_COUNT, MAX_RELAY_ENTRIES_COUNT) and drops the rest: passing more only
 * hides which ones it used. The gateway lists the provider's region first, so those win.
 */
export const MAX_STUN_SERVERS = 2;
export const MAX_TURN_SERVERS = 2;

/** `scheme:host[:port][?transport=udp|tcp]`, host possibly a bracketed IPv6 address. */
const ICE_URL = /^(stun|turn|turns):(\[[0-9a-f:.]+\]|[^:?/[\]@]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/i;

export interface SkippedIceUrl {
  readonly url: string;
  readonly reason: string;
}

export interface ConvertedIceServers {
  readonly servers: NdcIceServer[];
  /** URLs that cannot or will not be used, and why. */
  readonly skipped: SkippedIceUrl[];
}

/**
 * Converts browser-style ICE servers to node-datachannel's object form. Its string form
 * (`turn:user:pass@host`) cannot carry a TURN REST username, which contains ':'. Only TURN
 * over UDP is kept: libjuice has no TURN over TCP or TLS (it ignores such servers), so those
 * transports serve the browser's side only.
 */
export function toNodeDatachannelIceServers(iceServers: readonly IceServer[]): ConvertedIceServers {
  const stun: NdcIceServer[] = [];
  const turn: NdcIceServer[] = [];
  const skipped: SkippedIceUrl[] = [];
  for (const iceServer of iceServers) {
    const urls = Array.isArray(iceServer.urls) ? iceServer.urls : [iceServer.urls];
    for (const url of urls) {
      const converted = convertUrl(url, iceServer);
      if (typeof converted === "string") skipped.push({ url, reason: converted });
      else if (!converted.relayType) keepAtMost(stun, converted, MAX_STUN_SERVERS, url, skipped);
      else keepAtMost(turn, converted, MAX_TURN_SERVERS, url, skipped);
    }
  }
  return { servers: [...stun, ...turn], skipped };
}

function keepAtMost(
  kept: NdcIceServer[],
  server: NdcIceServer,
  max: number,
  url: string,
  skipped: SkippedIceUrl[],
): void {
  if (kept.length < max) kept.push(server);
  else skipped.push({ url, reason: `libjuice uses at most ${max} servers of this kind` });
}

/** The server in node-datachannel's form, or why it cannot be used. */
function convertUrl(url: string, iceServer: IceServer): NdcIceServer | string {
  const match = ICE_URL.exec(url.trim());
  if (!match) return "not a stun:, turn: or turns: URL";
  const [, rawScheme = "", rawHost = "", rawPort, rawTransport] = match;
  const scheme = rawScheme.toLowerCase() as keyof typeof DEFAULT_PORT;
  const transport = rawTransport?.toLowerCase();
  const hostname = rawHost.startsWith("[") ? rawHost.slice(1, -1) : rawHost;
  const port = rawPort ? Number(rawPort) : DEFAULT_PORT[scheme];
  if (port < 1 || port > 65535) return "port out of range";
  if (scheme === "stun") return transport ? "STUN takes no transport" : { hostname, port };
  if (scheme === "turns" || transport === "tcp") return "libjuice has no TURN over TCP or TLS";
  if (!iceServer.username || !iceServer.credential) return "TURN without credentials";
  return { hostname, port, username: iceServer.username, password: iceServer.credential, relayType: "TurnUdp" };
}
