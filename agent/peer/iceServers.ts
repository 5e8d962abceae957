import type { IceServer as NdcIceServer, RelayType } from "node-datachannel";
import type { IceServer } from "../../protocol/signaling.js";

const DEFAULT_PORT = { stun: 3478, turn: 3478, turns: 5349 } as const;

/** `scheme:host[:port][?transport=udp|tcp]`, host possibly a bracketed IPv6 address. */
const ICE_URL = /^(stun|turn|turns):(\[[0-9a-f:.]+\]|[^:?/[\]@]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/i;

export interface ConvertedIceServers {
  readonly servers: NdcIceServer[];
  /** URLs that cannot be used (unsupported scheme, malformed, TURN without credentials). */
  readonly skipped: string[];
}

/**
 * Converts browser-style ICE servers to node-datachannel's object form. Its string form
 * (`turn:user:pass@host`) cannot carry a TURN REST username, which contains ':'.
 */
export function toNodeDatachannelIceServers(iceServers: readonly IceServer[]): ConvertedIceServers {
  const servers: NdcIceServer[] = [];
  const skipped: string[] = [];
  for (const iceServer of iceServers) {
    const urls = Array.isArray(iceServer.urls) ? iceServer.urls : [iceServer.urls];
    for (const url of urls) {
      const converted = convertUrl(url, iceServer);
      if (converted) servers.push(converted);
      else skipped.push(url);
    }
  }
  return { servers, skipped };
}

function convertUrl(url: string, iceServer: IceServer): NdcIceServer | null {
  const match = ICE_URL.exec(url.trim());
  if (!match) return null;
  const [, rawScheme = "", rawHost = "", rawPort, rawTransport] = match;
  const scheme = rawScheme.toLowerCase() as keyof typeof DEFAULT_PORT;
  const hostname = rawHost.startsWith("[") ? rawHost.slice(1, -1) : rawHost;
  const port = rawPort ? Number(rawPort) : DEFAULT_PORT[scheme];
  if (port < 1 || port > 65535) return null;
  if (scheme === "stun") return rawTransport ? null : { hostname, port };
  const relayType = turnRelayType(scheme, rawTransport?.toLowerCase());
  if (!relayType || !iceServer.username || !iceServer.credential) return null;
  return { hostname, port, username: iceServer.username, password: iceServer.credential, relayType };
}

function turnRelayType(scheme: "turn" | "turns", transport: string | undefined): RelayType | null {
  if (scheme === "turns") return transport === "udp" ? null : "TurnTls";
  return transport === "tcp" ? "TurnTcp" : "TurnUdp";
}
