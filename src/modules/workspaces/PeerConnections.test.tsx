import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { WorkspaceConnection } from "../../../protocol/rest.js";
import { describePeerConnections, PeerConnections } from "./PeerConnections";

const direct: WorkspaceConnection = {
  path: "direct",
  agentCandidate: "srflx",
  browserCandidate: "prflx",
  protocol: "udp",
  connectedAt: "2026-01-05T10:00:00.000Z",
};
const relayed: WorkspaceConnection = { ...direct, path: "relay", agentCandidate: "relay" };

describe("PeerConnections", () => {
  it("counts the browsers and says how they reach the agent", () => {
    expect(describePeerConnections([])).toBeNull();
    expect(describePeerConnections([direct])).toBe("1 connection · direct");
    expect(describePeerConnections([relayed, relayed])).toBe("2 connections · relayed");
    expect(describePeerConnections([direct, relayed, direct])).toBe("3 connections · 2 direct, 1 relayed");
  });

  it("shows the summary with each path's candidates in its title, and nothing without connections", () => {
    const { rerender } = render(<PeerConnections connections={[direct]} />);
    const summary = screen.getByTestId("peer-connections");
    expect(summary).toHaveTextContent("1 connection · direct");
    expect(summary.title).toMatch(/^direct \(agent server-reflexive ↔ browser peer-reflexive, udp\) since /);
    rerender(<PeerConnections connections={undefined} />);
    expect(screen.queryByTestId("peer-connections")).not.toBeInTheDocument();
  });
});
