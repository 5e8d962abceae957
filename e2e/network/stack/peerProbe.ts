import type { Page } from "@playwright/test";

/**
 * An init script (a string, so no bundler helper leaks into the page) that keeps every
 * RTCPeerConnection the page creates, so a test can read getStats() itself rather than trust
 * the UI it is checking.
 */
export const PEER_PROBE_SCRIPT = `(() => {
  if (location.protocol === "about:") return;
  const Native = window.RTCPeerConnection;
  const peers = [];
  window.__labPeers = peers;
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      peers.push(this);
    }
  };
})();`;

/** One end of a candidate pair, as Chromium's getStats() describes it. */
export interface PairEnd {
  readonly candidateType: string;
  readonly protocol: string | null;
  /** Local relay candidates only: udp, tcp or tls to the TURN server. */
  readonly relayProtocol: string | null;
  readonly address: string | null;
  readonly url: string | null;
}

export interface ChromiumPair {
  readonly local: PairEnd;
  readonly remote: PairEnd;
}

/** The selected candidate pair of the page's newest connected peer connection, or null. */
export function selectedPair(page: Page): Promise<ChromiumPair | null> {
  return page.evaluate(async () => {
    const peers = (window as unknown as { __labPeers?: RTCPeerConnection[] }).__labPeers ?? [];
    const peer = [...peers].reverse().find((candidate) => candidate.connectionState === "connected");
    if (!peer) return null;
    const report = new Map<string, Record<string, unknown>>();
    (await peer.getStats()).forEach((stats: Record<string, unknown>, id: string) => {
      report.set(id, stats);
    });
    const all = [...report.values()];
    const transport = all.find((stats) => stats.type === "transport" && stats.selectedCandidatePairId);
    const pair = transport ? report.get(String(transport.selectedCandidatePairId)) : undefined;
    if (!pair) return null;
    const end = (id: unknown) => {
      const stats = report.get(String(id)) ?? {};
      const text = (key: string) => (typeof stats[key] === "string" ? (stats[key] as string) : null);
      return {
        candidateType: String(stats.candidateType),
        protocol: text("protocol"),
        relayProtocol: text("relayProtocol"),
        address: text("address"),
        url: text("url"),
      };
    };
    return { local: end(pair.localCandidateId), remote: end(pair.remoteCandidateId) };
  });
}

/** ICE may nominate a better pair shortly after connecting; this waits for one `settled` accepts. */
export async function settledPair(
  page: Page,
  settled: (pair: ChromiumPair) => boolean,
  timeoutMs = 5_000,
): Promise<ChromiumPair | null> {
  const deadline = Date.now() + timeoutMs;
  let pair = await selectedPair(page);
  while ((!pair || !settled(pair)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    pair = await selectedPair(page);
  }
  return pair;
}

export const isRelayed = (pair: ChromiumPair): boolean =>
  pair.local.candidateType === "relay" || pair.remote.candidateType === "relay";
