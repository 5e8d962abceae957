/**
 * The Docker provider against a FAKE Docker Engine API (fakes/FakeDockerEngine.ts) on a unix
 * socket: no Docker daemon can run on the test machine and the fake runs no container, so a
 * test plays the agent with the token and URL it reads from the container's environment.
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { ProviderDetails, ProviderTestResult, Workspace } from "../../protocol/rest.js";
import { agentSocket, FakeAgent } from "./fakeAgent.js";
import { FakeDockerEngine } from "./fakes/FakeDockerEngine.js";
import { setupAdmin, type TestClient, type TestServer, until, wsWait } from "./helpers.js";
import {
  createProvider,
  dockerProviderBody,
  providerOf,
  rawDatabaseBytes,
  startProviderTestServer,
  waitForProviderStatus,
  waitForWorkspaceStatus,
} from "./providerHelpers.js";

let server: TestServer;
let engine: FakeDockerEngine;
let admin: TestClient;

beforeEach(async () => {
  engine = await FakeDockerEngine.start();
  server = await startProviderTestServer();
  admin = await setupAdmin(server, "root");
});

afterEach(async () => {
  await server.close();
  await engine.close();
});

async function readyProvider(settings: Record<string, unknown> = {}): Promise<ProviderDetails> {
  const created = await createProvider(admin, dockerProviderBody(engine, settings));
  return waitForProviderStatus(admin, created.id, "ready");
}

function envOf(workspaceId: string): Record<string, string> {
  const container = engine.container(`gangway-${workspaceId}`);
  if (!container) throw new Error("no container");
  return Object.fromEntries(container.Config.Env.map((entry) => entry.split(/=(.*)/s).slice(0, 2)));
}

describe("Docker workspaces", () => {
  test("one labelled container with the agent settings, a home volume and no published port; the agent's token gets it running", async () => {
    const provider = await readyProvider();
    const workspace = (await admin.post<Workspace>("/workspaces", { name: "dev", providerId: provider.id })).body;
    const container = engine.container(`gangway-${workspace.id}`);
    expect(container?.State.Running).toBe(true);
    expect(container?.Config.Image).toBe("gangway/agent:test");
    expect(container?.Config.Labels).toMatchObject({
      "gangway/workspace-id": workspace.id,
      "gangway/workspace-name": "dev",
    });
    expect(container?.Config.ExposedPorts).toBeUndefined();
    expect(container?.HostConfig).toMatchObject({
      RestartPolicy: { Name: "unless-stopped" },
      PublishAllPorts: false,
      Memory: 2 * 1024 ** 3,
      NanoCpus: 1_500_000_000,
      Mounts: [{ Type: "volume", Source: `gangway-${workspace.id}-home`, Target: "/home/gangway" }],
    });
    expect(container?.HostConfig.PortBindings).toBeUndefined();
    expect(engine.volumes.has(`gangway-${workspace.id}-home`)).toBe(true);

    const env = envOf(workspace.id);
    expect(env.GANGWAY_URL).toBe(server.url);
    const token = env.GANGWAY_AGENT_TOKEN ?? "";
    expect(token.length).toBeGreaterThan(20);
    // The token travels in the create body only, never in a URL the engine might log.
    expect(engine.requests.some((request) => request.url.includes(token))).toBe(false);

    const agent = await FakeAgent.connect({ url: env.GANGWAY_URL ?? "" }, token);
    await waitForWorkspaceStatus(admin, workspace.id, "running");
    agent.close();
    expect(server.logs()).not.toContain(token);
    expect(rawDatabaseBytes(server.dataDir).includes(token)).toBe(false);
  });

  test("stop removes the container and keeps the volume; delete removes both", async () => {
    const provider = await readyProvider();
    const workspace = (await admin.post<Workspace>("/workspaces", { name: "dev", providerId: provider.id })).body;
    const token = envOf(workspace.id).GANGWAY_AGENT_TOKEN ?? "";

    expect((await admin.post<Workspace>(`/workspaces/${workspace.id}/stop`)).body.status).toBe("stopped");
    expect(engine.containers.size).toBe(0);
    expect(engine.volumes.has(`gangway-${workspace.id}-home`)).toBe(true);
    expect(await wsWait(agentSocket(server, token))).toMatchObject({ refused: true, status: 401 });

    await admin.post(`/workspaces/${workspace.id}/start`);
    expect(envOf(workspace.id).GANGWAY_AGENT_TOKEN).not.toBe(token);

    expect((await admin.delete(`/workspaces/${workspace.id}`)).status).toBe(204);
    expect(engine.containers.size).toBe(0);
    expect(engine.volumes.size).toBe(0);
  });

  test("an agent that exits, or keeps crashing, fails the workspace", async () => {
    const provider = await readyProvider();
    const exits = (await admin.post<Workspace>("/workspaces", { name: "exits", providerId: provider.id })).body;
    const loops = (await admin.post<Workspace>("/workspaces", { name: "loops", providerId: provider.id })).body;
    engine.crash(`gangway-${exits.id}`, 3);
    engine.crashLoop(`gangway-${loops.id}`, 6);
    expect((await waitForWorkspaceStatus(admin, exits.id, "failed")).statusMessage).toMatch(/Exited \(3\)/);
    expect((await waitForWorkspaceStatus(admin, loops.id, "failed")).statusMessage).toMatch(/keeps crashing/);
  });
});

describe("Docker connection test and health", () => {
  test("ping, version and image presence; a missing image says how to fix it", async () => {
    const provider = await readyProvider();
    const passing = (await admin.post<ProviderTestResult>(`/providers/${provider.id}/test`)).body;
    expect(passing.checks.map(({ name, passed }) => ({ name, passed }))).toEqual([
      { name: "reach engine", passed: true },
      { name: "engine version", passed: true },
      { name: "image present", passed: true },
    ]);
    engine.images.clear();
    const failing = (await admin.post<ProviderTestResult>(`/providers/${provider.id}/test`)).body;
    expect(failing.ok).toBe(false);
    expect(failing.checks.at(-1)).toEqual({
      name: "image present",
      passed: false,
      message: "gangway/agent:test is not on the host: run `docker pull gangway/agent:test` there.",
    });
  });

  test("an engine that goes away turns the provider to error; it recovers when it is back", async () => {
    const provider = await readyProvider();
    await engine.stopListening();
    // A check already under way may fail half-way; the next one fails at the first step.
    await until(async () =>
      /^reach engine: Cannot reach unix:\/\/.*docker\.sock/.test(
        (await providerOf(admin, provider.id)).statusMessage ?? "",
      ),
    );
    await engine.listenAgain();
    await waitForProviderStatus(admin, provider.id, "ready");
    engine.mode = "error500";
    await waitForProviderStatus(admin, provider.id, "error");
    engine.mode = "normal";
    await waitForProviderStatus(admin, provider.id, "ready");
  });
});
