import { describe, expect, it } from "vitest";
import { describeConnection, formatRtt } from "./describeConnection";
import { failureFromCode, noNetworkPathFailure } from "./peerFailure";

describe("describeConnection", () => {
  it("names the path when connected", () => {
    expect(describeConnection({ kind: "connected", path: "direct", interrupted: false }, "webrtc")).toMatchObject({
      state: "connected",
      path: "direct",
      label: "Connected · direct",
    });
    expect(describeConnection({ kind: "connected", path: "relay", interrupted: false }, "webrtc").label).toBe(
      "Connected via TURN relay",
    );
  });

  it("treats an interrupted connection as reconnecting", () => {
    expect(describeConnection({ kind: "connected", path: "direct", interrupted: true }, "webrtc").state).toBe(
      "reconnecting",
    );
  });

  it("shows the attempt, the delay and the reason while reconnecting", () => {
    const reason = failureFromCode("AGENT_UNAVAILABLE");
    expect(describeConnection({ kind: "reconnecting", attempt: 3, delayMs: 2000, reason }, "webrtc")).toEqual({
      state: "reconnecting",
      path: null,
      label: "Reconnecting in 2 s (attempt 3)",
      detail: "The workspace agent is not connected. Is the workspace running?",
      code: "AGENT_UNAVAILABLE",
      retrying: false,
    });
  });

  it("shows no network path as a failure, with what was tried, while retrying in the background", () => {
    const reason = noNetworkPathFailure("No network path to the workspace: tried direct (host).");
    expect(describeConnection({ kind: "reconnecting", attempt: 1, delayMs: 500, reason }, "webrtc")).toEqual({
      state: "failed",
      path: null,
      label: "No network path · retrying",
      detail: "No network path to the workspace: tried direct (host).",
      code: "NO_NETWORK_PATH",
      retrying: true,
    });
  });

  it("says why it failed", () => {
    const reason = failureFromCode("NOT_FOUND");
    expect(describeConnection({ kind: "failed", reason }, "webrtc")).toMatchObject({
      state: "failed",
      code: "NOT_FOUND",
    });
  });
});

describe("formatRtt", () => {
  it("keeps a decimal only where it matters", () => {
    expect(formatRtt(0.64)).toBe("0.6 ms");
    expect(formatRtt(42.4)).toBe("42 ms");
    expect(formatRtt(0)).toBe("<0.1 ms");
  });
});
