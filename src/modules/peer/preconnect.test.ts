import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PeerConnection } from "./PeerConnection";
import { adoptPreconnected, preconnectFor, terminalWorkspaceId, UNCLAIMED_PRECONNECT_MS } from "./preconnect";

const WORKSPACE = "0b5e6f1e-8a51-4c1b-9b53-1d1b1c2d3e4f";
const SESSION = "6f1e0b5e-4c1b-8a51-9b53-3e4f1d1b1c2d";
const terminal = (search = "") => ({ pathname: `/workspaces/${WORKSPACE}/terminal/${SESSION}`, search });

beforeEach(() => {
  vi.useFakeTimers();
  // The real start opens a signaling socket; these tests are about who owns the connection.
  vi.spyOn(PeerConnection.prototype, "start").mockImplementation(() => undefined);
});

afterEach(() => {
  adoptPreconnected(WORKSPACE)?.dispose();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("preconnectFor", () => {
  it("starts a connection on a terminal page that the page then adopts once", () => {
    preconnectFor(terminal());
    expect(PeerConnection.prototype.start).toHaveBeenCalledTimes(1);
    const adopted = adoptPreconnected(WORKSPACE);
    expect(adopted).toBeInstanceOf(PeerConnection);
    expect(adoptPreconnected(WORKSPACE)).toBeNull();
  });

  it("is not adopted by a page for another workspace", () => {
    preconnectFor(terminal());
    expect(adoptPreconnected("11111111-2222-4333-8444-555555555555")).toBeNull();
    expect(adoptPreconnected(WORKSPACE)).not.toBeNull();
  });

  it("does nothing on other pages or for the bench's relay transport", () => {
    preconnectFor({ pathname: `/workspaces/${WORKSPACE}`, search: "" });
    preconnectFor(terminal("?transport=relay"));
    expect(PeerConnection.prototype.start).not.toHaveBeenCalled();
    expect(adoptPreconnected(WORKSPACE)).toBeNull();
  });

  it("closes a connection nobody adopted", () => {
    const dispose = vi.spyOn(PeerConnection.prototype, "dispose");
    preconnectFor(terminal());
    vi.advanceTimersByTime(UNCLAIMED_PRECONNECT_MS);
    expect(dispose).toHaveBeenCalledTimes(1);
    expect(adoptPreconnected(WORKSPACE)).toBeNull();
  });
});

describe("terminalWorkspaceId", () => {
  it("reads the workspace of a terminal path as the router would, and nothing else", () => {
    expect(terminalWorkspaceId(`/workspaces/${WORKSPACE}/terminal/${SESSION}`)).toBe(WORKSPACE);
    expect(terminalWorkspaceId(`/workspaces/${WORKSPACE}/terminal/${SESSION}/`)).toBe(WORKSPACE);
    expect(terminalWorkspaceId("/workspaces/a%20b/terminal/s")).toBe("a b");
    expect(terminalWorkspaceId(`/workspaces/${WORKSPACE}/terminal`)).toBeNull();
    expect(terminalWorkspaceId(`/workspaces/${WORKSPACE}`)).toBeNull();
    expect(terminalWorkspaceId(`/x/workspaces/${WORKSPACE}/terminal/${SESSION}`)).toBeNull();
    expect(terminalWorkspaceId("/workspaces/%E0%A4%A/terminal/s")).toBeNull();
  });
});
