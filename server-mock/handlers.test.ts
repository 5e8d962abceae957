import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Workspace } from "../protocol/rest.js";
import { API, type ApiError } from "../src/api/api";
import { MockKubernetesProvider, MockLocalProvider, MockMember, MockStoppedWorkspace } from "./fixtures";
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

describe("mock providers", () => {
  it("shows members only ready, uncordoned providers, and admins everything", async () => {
    expect((await API.getProviderDetailsList()).providers.map((p) => p.name)).toEqual([
      "This machine",
      "EU West cluster",
      "Lab Docker host",
      "US East cluster",
    ]);
    await API.cordonProvider(MockKubernetesProvider.id, { reason: "upgrade" });
    mockState.currentUserId = MockMember.id;
    expect((await API.getProviders()).providers.map((p) => p.name)).toEqual(["This machine"]);
    await expect(API.uncordonProvider(MockKubernetesProvider.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(API.createWorkspace({ name: "w", providerId: MockKubernetesProvider.id })).rejects.toMatchObject({
      code: "PROVIDER_UNAVAILABLE",
    });
  });

  it("refuses to delete a provider in use, naming its workspaces, and the built-in one", async () => {
    const error = await API.deleteProvider(MockKubernetesProvider.id).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "PROVIDER_IN_USE", status: 409 });
    expect((error as ApiError).workspaces.map((w) => `${w.ownerName}/${w.name}`)).toEqual([
      "ada/docs-site",
      "ada/ml-train",
    ]);
    await expect(API.deleteProvider(MockLocalProvider.id)).rejects.toMatchObject({ code: "PROVIDER_BUILT_IN" });
  });
});
