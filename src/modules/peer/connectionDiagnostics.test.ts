import { describe, expect, it } from "vitest";
import { connectionDiagnostics, describeCandidate, summarizeCandidates } from "./connectionDiagnostics";
import { noNetworkPathSentence } from "./noNetworkPath";

/** What Chrome's getStats() gives for a browser relayed over TURN/TCP to an agent behind a NAT. */
const chromeRelayedOverTcp = new Map<string, unknown>(
  [
    { id: "L1", type: "local-candidate", candidateType: "host", protocol: "udp", address: "a1b2.local", port: 5000 },
    {
      id: "L2",
      type: "local-candidate",
      candidateType: "relay",
      protocol: "udp",
      relayProtocol: "tcp",
      address: "203.0.113.10",
      port: 50001,
      url: "turn:203.0.113.10:3478?transport=tcp",
    },
    {
      id: "L3",
      type: "local-candidate",
      candidateType: "relay",
      protocol: "udp",
      relayProtocol: "tls",
      address: "203.0.113.10",
      port: 50002,
      url: "turns:203.0.113.10:5349?transport=tcp",
    },
    { id: "R1", type: "remote-candidate", candidateType: "host", protocol: "udp", address: "10.0.0.10", port: 4000 },
    {
      id: "R2",
      type: "remote-candidate",
      candidateType: "srflx",
      protocol: "udp",
      address: "198.51.100.3",
      port: 4000,
    },
    {
      id: "P",
      type: "candidate-pair",
      localCandidateId: "L2",
      remoteCandidateId: "R2",
      currentRoundTripTime: 0.083,
      bytesSent: 1200,
      bytesReceived: 34000,
    },
    { id: "T", type: "transport", selectedCandidatePairId: "P" },
  ].map((stats) => [stats.id, stats]),
);

describe("connectionDiagnostics", () => {
  it("reads the candidates on both sides, the selected pair, its RTT, bytes and TURN server", () => {
    const diagnostics = connectionDiagnostics(chromeRelayedOverTcp);
    expect(diagnostics.localCandidates.map((candidate) => candidate.type)).toEqual(["host", "relay", "relay"]);
    expect(diagnostics.remoteCandidates.map((candidate) => candidate.type)).toEqual(["host", "srflx"]);
    expect(diagnostics.path).toBe("relay");
    expect(diagnostics.turnServer).toBe("turn:203.0.113.10:3478?transport=tcp");
    expect(diagnostics.selected).toMatchObject({
      local: { type: "relay", relayProtocol: "tcp", address: "203.0.113.10" },
      remote: { type: "srflx", address: "198.51.100.3" },
      rttMs: 83,
      bytesSent: 1200,
      bytesReceived: 34000,
    });
  });

  it("has no path and no TURN server before a pair is selected", () => {
    const diagnostics = connectionDiagnostics(new Map());
    expect(diagnostics).toEqual({
      localCandidates: [],
      remoteCandidates: [],
      selected: null,
      path: null,
      turnServer: null,
    });
  });

  it("words candidates the way people read them", () => {
    const { localCandidates, selected } = connectionDiagnostics(chromeRelayedOverTcp);
    expect(summarizeCandidates(localCandidates)).toBe("host ×1, relay ×2 (tcp, tls)");
    expect(summarizeCandidates([])).toBe("none");
    expect(selected && describeCandidate(selected.local)).toBe("relay (TURN over tcp)");
    expect(selected && describeCandidate(selected.remote)).toBe("server-reflexive · udp");
  });
});

describe("noNetworkPathSentence", () => {
  const stun = { urls: "stun:203.0.113.10:3478" };
  const turn = { urls: ["turn:203.0.113.10:3478?transport=udp"], username: "u", credential: "c" };

  it("names the direct candidates tried and that no relay exists", () => {
    const { localCandidates, remoteCandidates } = connectionDiagnostics(chromeRelayedOverTcp);
    const direct = {
      localCandidates: localCandidates.filter((c) => c.type !== "relay"),
      remoteCandidates,
    };
    expect(noNetworkPathSentence(direct, [stun])).toBe(
      "No network path to the workspace: tried direct (host, server-reflexive) and no TURN relay is configured.",
    );
  });

  it("names the relay transports tried, or the TURN server that gave no address", () => {
    const diagnostics = connectionDiagnostics(chromeRelayedOverTcp);
    expect(noNetworkPathSentence(diagnostics, [stun, turn])).toBe(
      "No network path to the workspace: tried direct (host, server-reflexive) and TURN relays (this browser over tcp, tls).",
    );
    expect(noNetworkPathSentence({ localCandidates: [], remoteCandidates: [] }, [turn])).toBe(
      "No network path to the workspace: tried direct (no usable address) and TURN (turn:203.0.113.10:3478?transport=udp), which gave no relay address: unreachable, or it refused us; the workspace agent sent no candidates.",
    );
  });
});
