import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { connectionDiagnostics } from "../../modules/peer/connectionDiagnostics";
import { describeConnection } from "../../modules/peer/describeConnection";
import { noNetworkPathFailure } from "../../modules/peer/peerFailure";
import { ConnectionPanel } from "./ConnectionPanel";

const connected = describeConnection({ kind: "connected", path: "direct", interrupted: false }, "webrtc");
const stats = new Map<string, unknown>(
  [
    { id: "L", type: "local-candidate", candidateType: "srflx", protocol: "udp", address: "198.51.100.2", port: 40001 },
    {
      id: "R",
      type: "remote-candidate",
      candidateType: "prflx",
      protocol: "udp",
      address: "198.51.100.3",
      port: 50002,
    },
    {
      id: "P",
      type: "candidate-pair",
      localCandidateId: "L",
      remoteCandidateId: "R",
      currentRoundTripTime: 0.0104,
      bytesSent: 2048,
      bytesReceived: 1_500_000,
    },
    { id: "T", type: "transport", selectedCandidatePairId: "P" },
  ].map((entry) => [entry.id, entry]),
);

describe("ConnectionPanel", () => {
  it("shows the selected pair, both ends' candidate types, RTT, bytes and that TURN was not needed", async () => {
    const onClose = vi.fn();
    render(
      <ConnectionPanel
        connection={connected}
        diagnostics={connectionDiagnostics(stats)}
        iceServerUrls={["stun:203.0.113.10:3478", "turn:203.0.113.10:3478?transport=udp"]}
        onClose={onClose}
      />,
    );
    expect(screen.getByTestId("diag-path")).toHaveTextContent("Direct, peer to peer");
    expect(screen.getByTestId("diag-path")).toHaveAttribute("data-path", "direct");
    expect(screen.getByTestId("diag-local")).toHaveTextContent("server-reflexive · udp · 198.51.100.2:40001");
    expect(screen.getByTestId("diag-remote")).toHaveAttribute("data-type", "prflx");
    expect(screen.getByTestId("diag-turn")).toHaveTextContent("offered, not used");
    expect(screen.getByTestId("diag-rtt")).toHaveTextContent("10 ms");
    expect(screen.getByTestId("diag-bytes")).toHaveTextContent("2.0 kB sent · 1.5 MB received");
    expect(screen.getByTestId("diag-local-candidates")).toHaveTextContent("server-reflexive ×1");
    await userEvent.click(screen.getByRole("button", { name: "Close connection details" }));
    expect(onClose).toHaveBeenCalledOnce();
  });

  it("explains a failure with what was tried", () => {
    const reason = noNetworkPathFailure("No network path to the workspace: tried direct (host).");
    render(
      <ConnectionPanel
        connection={describeConnection({ kind: "reconnecting", attempt: 1, delayMs: 500, reason }, "webrtc")}
        diagnostics={null}
        iceServerUrls={[]}
        onClose={() => undefined}
      />,
    );
    expect(screen.getByTestId("diag-failure")).toHaveTextContent("tried direct (host)");
    expect(screen.getByTestId("diag-path")).toHaveTextContent("Not connected");
    expect(screen.getByTestId("diag-turn")).toHaveTextContent("none configured");
  });
});
