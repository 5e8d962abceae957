import { describe, expect, it } from "vitest";
import { selectedPair } from "./connectionPath";

function report(entries: Record<string, unknown>[]): Map<string, unknown> {
  return new Map(entries.map((e) => [String(e.id), e]));
}

const host = { id: "L1", type: "local-candidate", candidateType: "host" };
const srflx = { id: "R1", type: "remote-candidate", candidateType: "srflx" };
const relayLocal = { id: "L2", type: "local-candidate", candidateType: "relay" };
const relayRemote = { id: "R2", type: "remote-candidate", candidateType: "relay" };

describe("selectedPair", () => {
  it("classifies a host/srflx pair named by the transport as direct, with the ICE RTT", () => {
    const stats = report([
      host,
      srflx,
      relayLocal,
      {
        id: "P1",
        type: "candidate-pair",
        localCandidateId: "L1",
        remoteCandidateId: "R1",
        currentRoundTripTime: 0.0125,
      },
      { id: "P2", type: "candidate-pair", localCandidateId: "L2", remoteCandidateId: "R1" },
      { id: "T", type: "transport", selectedCandidatePairId: "P1" },
    ]);
    expect(selectedPair(stats)).toEqual({
      path: "direct",
      localCandidateType: "host",
      remoteCandidateType: "srflx",
      iceRttMs: 12.5,
    });
  });

  it("says relay when the local candidate is a TURN relay", () => {
    const stats = report([
      relayLocal,
      srflx,
      { id: "P", type: "candidate-pair", localCandidateId: "L2", remoteCandidateId: "R1" },
      { id: "T", type: "transport", selectedCandidatePairId: "P" },
    ]);
    expect(selectedPair(stats)?.path).toBe("relay");
  });

  it("says relay when only the remote candidate is relayed (Firefox's selected flag)", () => {
    const stats = report([
      host,
      relayRemote,
      { id: "P", type: "candidate-pair", selected: true, localCandidateId: "L1", remoteCandidateId: "R2" },
    ]);
    expect(selectedPair(stats)).toMatchObject({ path: "relay", iceRttMs: null });
  });

  it("falls back to the nominated, succeeded pair", () => {
    const stats = report([
      host,
      srflx,
      {
        id: "P0",
        type: "candidate-pair",
        nominated: true,
        state: "failed",
        localCandidateId: "L1",
        remoteCandidateId: "R1",
      },
      {
        id: "P",
        type: "candidate-pair",
        nominated: true,
        state: "succeeded",
        localCandidateId: "L1",
        remoteCandidateId: "R1",
      },
    ]);
    expect(selectedPair(stats)?.path).toBe("direct");
  });

  it("returns null before any pair is selected", () => {
    expect(selectedPair(report([host, srflx, { id: "T", type: "transport" }]))).toBeNull();
  });
});
