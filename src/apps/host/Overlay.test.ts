import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { INITIAL_PEER_SNAPSHOT, type PeerSnapshot } from "../../modules/peer/PeerConnection";
import { Overlay, viewOfPeer } from "./Overlay";

const snapshot = (state: PeerSnapshot["state"]): PeerSnapshot => ({ ...INITIAL_PEER_SNAPSHOT, state });

describe("the host page overlay", () => {
  it("follows the peer connection: connecting, hidden when connected, reconnecting with the reason", () => {
    const retry = vi.fn();
    expect(viewOfPeer(snapshot({ kind: "connecting" }), "Port 3000", retry)).toMatchObject({
      state: "connecting",
      title: "Connecting to Port 3000…",
    });
    expect(viewOfPeer(snapshot({ kind: "connected", path: null, interrupted: false }), "x", retry)).toEqual({
      state: "hidden",
    });
    const reason = { code: "AGENT_UNAVAILABLE" as const, message: "The agent is not connected.", permanent: false };
    expect(viewOfPeer(snapshot({ kind: "reconnecting", attempt: 2, delayMs: 1500, reason }), "x", retry)).toEqual({
      state: "reconnecting",
      title: "Reconnecting in 2 s…",
      detail: "The agent is not connected.",
      code: "AGENT_UNAVAILABLE",
    });
  });

  it("shows a failure with its code and a Retry button that retries", async () => {
    const retry = vi.fn();
    const overlay = new Overlay(document.body);
    const reason = { code: "FORBIDDEN" as const, message: "You may not reach this app.", permanent: true };
    overlay.show(viewOfPeer(snapshot({ kind: "failed", reason }), "x", retry));
    const root = screen.getByTestId("app-overlay");
    expect(root.dataset.state).toBe("failed");
    expect(root.dataset.code).toBe("FORBIDDEN");
    expect(root).toHaveTextContent("You may not reach this app.");
    expect(root).toHaveTextContent("Error code: FORBIDDEN");
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(retry).toHaveBeenCalledOnce();
    overlay.show({ state: "hidden" });
    expect(root).not.toBeVisible();
    root.remove();
  });

  it("sends a tab without an app session to the dashboard", () => {
    const overlay = new Overlay(document.body);
    overlay.show({ state: "signed-out", dashboardUrl: "http://localhost:7080/" });
    expect(screen.getByRole("heading")).toHaveTextContent("Open this app from the dashboard");
    expect(screen.getByRole("link", { name: "Go to the dashboard" })).toHaveAttribute("href", "http://localhost:7080/");
    screen.getByTestId("app-overlay").remove();
  });
});
