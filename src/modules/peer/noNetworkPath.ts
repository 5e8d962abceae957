import {
  CANDIDATE_NAMES,
  type CandidateKind,
  type ConnectionDiagnostics,
  RELAY_PROTOCOLS,
} from "./connectionDiagnostics";

const DIRECT_KINDS: CandidateKind[] = ["host", "srflx", "prflx"];

function turnUrlsOf(iceServers: readonly RTCIceServer[]): string[] {
  return iceServers
    .flatMap((server) => (Array.isArray(server.urls) ? server.urls : [server.urls]))
    .filter((url) => /^turns?:/i.test(url));
}

/**
 * The sentence shown when ICE found no path: what was tried, so a person (or their network
 * admin) can tell "UDP is blocked and there is no relay" from "the relay is unreachable".
 */
export function noNetworkPathSentence(
  candidates: Pick<ConnectionDiagnostics, "localCandidates" | "remoteCandidates">,
  iceServers: readonly RTCIceServer[],
): string {
  const all = [...candidates.localCandidates, ...candidates.remoteCandidates];
  const direct = DIRECT_KINDS.filter((kind) => all.some((candidate) => candidate.type === kind)).map(
    (kind) => CANDIDATE_NAMES[kind],
  );
  const tried = direct.length > 0 ? `direct (${direct.join(", ")})` : "direct (no usable address)";
  const turnUrls = turnUrlsOf(iceServers);
  const localRelays = candidates.localCandidates.filter((candidate) => candidate.type === "relay");
  const here = RELAY_PROTOCOLS.filter((protocol) =>
    localRelays.some((candidate) => (candidate.relayProtocol ?? "udp") === protocol),
  );
  // The agent reaches TURN over UDP only (libjuice has no TURN over TCP or TLS).
  const there = candidates.remoteCandidates.some((candidate) => candidate.type === "relay");
  const relays = [
    ...(here.length > 0 ? [`this browser over ${here.join(", ")}`] : []),
    ...(there ? ["the workspace over udp"] : []),
  ];
  let relay: string;
  if (turnUrls.length === 0) relay = "and no TURN relay is configured";
  else if (relays.length > 0) relay = `and TURN relays (${relays.join("; ")})`;
  else relay = `and TURN (${turnUrls.join(", ")}), which gave no relay address: unreachable, or it refused us`;
  const silentAgent = candidates.remoteCandidates.length === 0 ? "; the workspace agent sent no candidates" : "";
  return `No network path to the workspace: tried ${tried} ${relay}${silentAgent}.`;
}
