import type { ConnectionPath } from "./connectionPath";
import { asStats, findSelectedPair, type Stats, type StatsReportLike, stringField } from "./connectionPath";

/** RFC 8445 candidate types, as `RTCIceCandidateStats.candidateType` names them. */
export type CandidateKind = "host" | "srflx" | "prflx" | "relay";

export interface CandidateInfo {
  type: CandidateKind;
  /** Transport of the candidate itself ("udp"; "tcp" for ICE-TCP). */
  protocol: string | null;
  /** Relay candidates only: how the browser reaches its TURN server ("udp", "tcp" or "tls"). */
  relayProtocol: string | null;
  address: string | null;
  port: number | null;
  /** The STUN or TURN server that produced it (local server-reflexive and relay candidates). */
  url: string | null;
}

export interface SelectedPairInfo {
  local: CandidateInfo;
  remote: CandidateInfo;
  /** ICE's own round trip (consent checks), in ms. */
  rttMs: number | null;
  bytesSent: number;
  bytesReceived: number;
}

/** What `getStats()` says about the connection's network path: everything the panel shows. */
export interface ConnectionDiagnostics {
  localCandidates: CandidateInfo[];
  remoteCandidates: CandidateInfo[];
  selected: SelectedPairInfo | null;
  path: ConnectionPath | null;
  /** The TURN server relaying this connection on the browser's side; null when not relayed here. */
  turnServer: string | null;
}

const KINDS: ReadonlySet<string> = new Set(["host", "srflx", "prflx", "relay"]);

function numberField(stats: Stats | null, key: string): number | null {
  const value = stats?.[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function candidateInfo(stats: Stats | null): CandidateInfo | null {
  const type = stringField(stats, "candidateType");
  if (!type || !KINDS.has(type)) return null;
  return {
    type: type as CandidateKind,
    protocol: stringField(stats, "protocol"),
    relayProtocol: stringField(stats, "relayProtocol"),
    address: stringField(stats, "address") ?? stringField(stats, "ip"),
    port: numberField(stats, "port"),
    url: stringField(stats, "url"),
  };
}

export function connectionDiagnostics(report: StatsReportLike): ConnectionDiagnostics {
  const localCandidates: CandidateInfo[] = [];
  const remoteCandidates: CandidateInfo[] = [];
  report.forEach((value) => {
    const stats = asStats(value);
    const info = candidateInfo(stats);
    if (!info) return;
    if (stats?.type === "local-candidate") localCandidates.push(info);
    else if (stats?.type === "remote-candidate") remoteCandidates.push(info);
  });
  const pair = findSelectedPair(report);
  const local = candidateInfo(asStats(report.get(stringField(pair, "localCandidateId") ?? "")));
  const remote = candidateInfo(asStats(report.get(stringField(pair, "remoteCandidateId") ?? "")));
  const rtt = numberField(pair, "currentRoundTripTime");
  const selected =
    local && remote
      ? {
          local,
          remote,
          rttMs: rtt === null ? null : rtt * 1000,
          bytesSent: numberField(pair, "bytesSent") ?? 0,
          bytesReceived: numberField(pair, "bytesReceived") ?? 0,
        }
      : null;
  return {
    localCandidates,
    remoteCandidates,
    selected,
    path: selected ? (local?.type === "relay" || remote?.type === "relay" ? "relay" : "direct") : null,
    turnServer: local?.type === "relay" ? local.url : null,
  };
}

/** How people call each candidate type. */
export const CANDIDATE_NAMES: Record<CandidateKind, string> = {
  host: "host",
  srflx: "server-reflexive",
  prflx: "peer-reflexive",
  relay: "relay",
};

/** "relay (TURN over tcp)", "server-reflexive · udp": one candidate in a few words. */
export function describeCandidate(candidate: CandidateInfo): string {
  const name = CANDIDATE_NAMES[candidate.type];
  if (candidate.type === "relay" && candidate.relayProtocol) return `relay (TURN over ${candidate.relayProtocol})`;
  return candidate.protocol ? `${name} · ${candidate.protocol}` : name;
}

/** Transports to a TURN server, fastest first. */
export const RELAY_PROTOCOLS = ["udp", "tcp", "tls"] as const;

/** "host ×2, relay ×3 (udp, tcp, tls)": what one side gathered. */
export function summarizeCandidates(candidates: readonly CandidateInfo[]): string {
  if (candidates.length === 0) return "none";
  const order: CandidateKind[] = ["host", "srflx", "prflx", "relay"];
  return order
    .map((kind) => {
      const ofKind = candidates.filter((candidate) => candidate.type === kind);
      if (ofKind.length === 0) return null;
      const relays = RELAY_PROTOCOLS.filter((protocol) => ofKind.some((c) => c.relayProtocol === protocol));
      const via = kind === "relay" && relays.length > 0 ? ` (${relays.join(", ")})` : "";
      return `${CANDIDATE_NAMES[kind]} ×${ofKind.length}${via}`;
    })
    .filter((part): part is string => part !== null)
    .join(", ");
}
