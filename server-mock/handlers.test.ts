import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Workspace } from "../protocol/rest.js";
import { API } from "../src/api/api";
import { MockStoppedWorkspace } from "./fixtures";
import { mockState } from "./state";

describe("mock server", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["Date"] }));
  afterEach(() => vi.useRealTimers());

  it("creates a workspace that starts, then stops and is deleted", async () => {
    const created = await API.createWorkspace({ name: "scratch" });
    expect(Workspace.parse(created)).toMatchObject({ status: "starting", providerId: "local" });

    vi.advanceTimersByTime(mockState.transitionMs);
    expect(await API.getWorkspace(created.id)).toMatchObject({ status: "running", agent: { connection: "connected" } });

    expect(await API.stopWorkspace(created.id)).toMatchObject({ status: "stopping" });
    vi.advanceTimersByTime(mockState.transitionMs);
    expect(await API.getWorkspace(created.id)).toMatchObject({
      status: "stopped",
      agent: { connection: "disconnected" },
    });

    await API.deleteWorkspace(created.id);
    await expect(API.getWorkspace(created.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses what the real server refuses, by code", async () => {
    await expect(API.stopWorkspace(MockStoppedWorkspace.id)).rejects.toMatchObject({ code: "INVALID_STATE" });
    await expect(API.createWorkspace({ name: "docs-site" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(API.setup({ username: "eve", password: "long-enough" })).rejects.toMatchObject({
      code: "SETUP_ALREADY_DONE",
    });
    await API.logout();
    await expect(API.getWorkspaces()).rejects.toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
  });
});
