/**
 * Which network path a peer connection uses, read from `RTCPeerConnection.getStats()`:
 * "relay" when either end of the selected candidate pair is a TURN relay candidate,
 * "direct" otherwise (host, server-reflexive or peer-reflexive on both ends).
 */
export type ConnectionPath = "direct" | "relay";

export interface SelectedPair {
  path: ConnectionPath;
  localCandidateType: string | null;
  remoteCandidateType: string | null;
  /** The ICE layer's own RTT measurement (STUN consent checks), in ms. */
  iceRttMs: number | null;
}

/** The parts of RTCStatsReport we read; a Map of plain objects stands in for it in tests. */
export interface StatsReportLike {
  forEach(callback: (value: unknown) => void): void;
  get(id: string): unknown;
}

export type Stats = Record<string, unknown>;

export function asStats(value: unknown): Stats | null {
  return typeof value === "object" && value !== null ? (value as Stats) : null;
}

export function stringField(stats: Stats | null, key: string): string | null {
  const value = stats?.[key];
  return typeof value === "string" ? value : null;
}

/**
 * Chrome and Safari name the selected pair on the transport stats; Firefox marks the pair
 * itself with `selected`. A nominated, succeeded pair is the last resort.
 */
export function findSelectedPair(report: StatsReportLike): Stats | null {
  let viaTransport: Stats | null = null;
  let flagged: Stats | null = null;
  let nominated: Stats | null = null;
  report.forEach((value) => {
    const stats = asStats(value);
    if (!stats) return;
    if (stats.type === "transport") {
      const id = stringField(stats, "selectedCandidatePairId");
      if (id) viaTransport ??= asStats(report.get(id));
    } else if (stats.type === "candidate-pair") {
      if (stats.selected === true) flagged ??= stats;
      if (stats.nominated === true && stats.state === "succeeded") nominated ??= stats;
    }
  });
  return viaTransport ?? flagged ?? nominated;
}

export function selectedPair(report: StatsReportLike): SelectedPair | null {
  const pair = findSelectedPair(report);
  if (!pair) return null;
  const local = asStats(report.get(stringField(pair, "localCandidateId") ?? ""));
  const remote = asStats(report.get(stringField(pair, "remoteCandidateId") ?? ""));
  const localCandidateType = stringField(local, "candidateType");
  const remoteCandidateType = stringField(remote, "candidateType");
  const rtt = pair.currentRoundTripTime;
  return {
    path: localCandidateType === "relay" || remoteCandidateType === "relay" ? "relay" : "direct",
    localCandidateType,
    remoteCandidateType,
    iceRttMs: typeof rtt === "number" ? rtt * 1000 : null,
  };
}
