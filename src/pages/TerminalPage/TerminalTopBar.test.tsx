import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { describeConnection } from "../../modules/peer/describeConnection";
import type { PeerSnapshot } from "../../modules/peer/PeerConnection";
import { failureFromCode } from "../../modules/peer/peerFailure";
import { ConnectionBanner } from "./ConnectionBanner";
import { TerminalTopBar } from "./TerminalTopBar";

const SESSION = "3f0c8a52-7d1e-4b6a-9c2d-5e8f1a2b3c4d";

function renderBar(snapshot: PeerSnapshot) {
  const connection = describeConnection(snapshot.state, "webrtc");
  const onRetry = vi.fn();
  render(
    <MemoryRouter>
      <TerminalTopBar
        workspaceId="w1"
        workspaceName="api-server"
        sessionId={SESSION}
        connection={connection}
        snapshot={snapshot}
        onSearch={() => undefined}
      />
      <ConnectionBanner connection={connection} onRetry={onRetry} />
    </MemoryRouter>,
  );
  return { onRetry };
}

describe("TerminalTopBar", () => {
  it("exposes the state, the path and both round-trip times", () => {
    renderBar({
      state: { kind: "connected", path: "direct", interrupted: false },
      pingRttMs: 0.84,
      iceRttMs: 0.5,
      agent: { type: "hello", protocolVersion: 1, agentVersion: "0.1.0", hostname: "api-server-7f9c", os: "linux" },
      iceServerUrls: [],
    });
    const badge = screen.getByTestId("connection-state");
    expect(badge).toHaveAttribute("data-state", "connected");
    expect(badge).toHaveAttribute("data-path", "direct");
    expect(badge).toHaveTextContent("Connected · direct");
    expect(screen.getByTestId("rtt")).toHaveTextContent("RTT ping 0.8 ms ICE 0.5 ms");
    expect(screen.getByTestId("rtt")).toHaveAttribute("data-ping-ms", "0.84");
    expect(screen.getByText("api-server")).toBeInTheDocument();
    expect(screen.getByTestId("session-id")).toHaveTextContent("session 3f0c8a52");
    expect(screen.getByText("on api-server-7f9c")).toBeInTheDocument();
    expect(screen.queryByTestId("connection-banner")).not.toBeInTheDocument();
  });

  it("says why it is reconnecting and offers to retry now", async () => {
    const { onRetry } = renderBar({
      state: { kind: "reconnecting", attempt: 2, delayMs: 1000, reason: failureFromCode("AGENT_UNAVAILABLE") },
      pingRttMs: null,
      iceRttMs: null,
      agent: null,
      iceServerUrls: [],
    });
    const badge = screen.getByTestId("connection-state");
    expect(badge).toHaveAttribute("data-state", "reconnecting");
    expect(badge).toHaveAttribute("data-code", "AGENT_UNAVAILABLE");
    expect(screen.queryByTestId("rtt")).not.toBeInTheDocument();
    expect(screen.getByTestId("connection-banner")).toHaveTextContent(
      "The workspace agent is not connected. Is the workspace running?",
    );
    await userEvent.click(screen.getByRole("button", { name: "Retry now" }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("says it gave up, and why", () => {
    renderBar({
      state: { kind: "failed", reason: failureFromCode("NOT_FOUND") },
      pingRttMs: null,
      iceRttMs: null,
      agent: null,
      iceServerUrls: [],
    });
    expect(screen.getByTestId("connection-state")).toHaveAttribute("data-state", "failed");
    expect(screen.getByTestId("connection-banner")).toHaveTextContent("Gangway stopped trying.");
    expect(screen.getByRole("button", { name: "Retry" })).toBeInTheDocument();
  });

  it("offers the connection details only where there is a peer connection", async () => {
    const snapshot = {
      state: { kind: "connecting" as const },
      pingRttMs: null,
      iceRttMs: null,
      agent: null,
      iceServerUrls: [],
    };
    const onToggleDetails = vi.fn();
    const props = {
      workspaceId: "w1",
      workspaceName: "api-server",
      sessionId: SESSION,
      connection: describeConnection(snapshot.state, "webrtc"),
      snapshot,
      onSearch: () => undefined,
    };
    const { rerender } = render(
      <MemoryRouter>
        <TerminalTopBar {...props} detailsOpen={false} onToggleDetails={onToggleDetails} />
      </MemoryRouter>,
    );
    const button = screen.getByRole("button", { name: "Connection details" });
    expect(button).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(button);
    expect(onToggleDetails).toHaveBeenCalledOnce();
    rerender(
      <MemoryRouter>
        <TerminalTopBar {...props} />
      </MemoryRouter>,
    );
    expect(screen.queryByRole("button", { name: "Connection details" })).not.toBeInTheDocument();
  });
});
