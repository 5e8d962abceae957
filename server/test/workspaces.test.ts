import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { Workspace } from "../../protocol/rest.js";
import {
  CRASHING_AGENT,
  createMember,
  setupAdmin,
  startTestServer,
  type TestClient,
  type TestServer,
  until,
} from "./helpers.js";

let server: TestServer;
let alice: TestClient;

beforeEach(async () => {
  server = await startTestServer();
  alice = await setupAdmin(server, "alice");
});

afterEach(async () => {
  await server.close();
});

async function create(client: TestClient, name: string): Promise<Workspace> {
  const response = await client.post<Workspace>("/workspaces", { name });
  expect(response.status).toBe(201);
  return response.body;
}

describe("workspaces", () => {
  test("create, list, get, stop, start and delete", async () => {
    const workspace = await create(alice, "dev");
    expect(workspace).toMatchObject({
      name: "dev",
      ownerName: "alice",
      providerId: "local",
      providerName: "local",
      status: "starting",
      statusMessage: null,
      agent: { connection: "disconnected", lastSeenAt: null, version: null },
    });
    const home = path.join(server.dataDir, "workspaces", workspace.id, "home");
    expect(fs.readFileSync(path.join(home, ".bashrc"), "utf8")).toContain("PS1='\\u@dev:\\w\\$ '");

    expect((await alice.get("/workspaces")).body).toEqual({ workspaces: [workspace] });
    expect((await alice.get(`/workspaces/${workspace.id}`)).body).toEqual(workspace);

    const stopped = await alice.post<Workspace>(`/workspaces/${workspace.id}/stop`);
    expect(stopped.body.status).toBe("stopped");
    const stopAgain = await alice.post(`/workspaces/${workspace.id}/stop`);
    expect(stopAgain.status).toBe(409);
    expect(stopAgain.body).toMatchObject({ error: { code: "INVALID_STATE" } });

    const started = await alice.post<Workspace>(`/workspaces/${workspace.id}/start`);
    expect(started.body.status).toBe("starting");
    expect((await alice.post(`/workspaces/${workspace.id}/start`)).status).toBe(409);

    expect((await alice.delete(`/workspaces/${workspace.id}`)).status).toBe(204);
    expect((await alice.get(`/workspaces/${workspace.id}`)).status).toBe(404);
    expect(fs.existsSync(path.dirname(home))).toBe(false);
  });

  test("names are unique per owner, not globally", async () => {
    const admin = alice;
    const bob = await createMember(server, admin, "bob");
    await create(alice, "dev");
    const duplicate = await alice.post("/workspaces", { name: "dev" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ error: { code: "CONFLICT" } });
    await create(bob, "dev");
  });

  test("a request body is validated field by field", async () => {
    const badName = await alice.post("/workspaces", { name: "Not A Label" });
    expect(badName.status).toBe(400);
    expect(badName.body).toMatchObject({
      error: { code: "INVALID_REQUEST", message: expect.stringMatching(/^name:/) },
    });
    const badProvider = await alice.post("/workspaces", { name: "dev", providerId: "mars" });
    expect(badProvider.body).toMatchObject({
      error: { code: "INVALID_REQUEST", message: expect.stringMatching(/^providerId:/) },
    });
  });

  test("another user's workspace is NOT_FOUND on every route", async () => {
    const bob = await createMember(server, alice, "bob");
    const workspace = await create(alice, "secret");
    const id = workspace.id;
    const attempts = [
      await bob.get(`/workspaces/${id}`),
      await bob.post(`/workspaces/${id}/start`),
      await bob.post(`/workspaces/${id}/stop`),
      await bob.delete(`/workspaces/${id}`),
      await bob.get("/workspaces/not-a-uuid"),
      await bob.get("/workspaces/00000000-0000-4000-8000-000000000000"),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ error: { code: "NOT_FOUND" } });
    }
    expect((await bob.get("/workspaces")).body).toEqual({ workspaces: [] });
    expect((await alice.get<Workspace>(`/workspaces/${id}`)).body.status).toBe("starting");
  });

  test("routes need a session", async () => {
    const anonymous = await fetch(`${server.url}/api/v1/workspaces`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
  });
});

describe("agent process failure", () => {
  test("an agent that dies while starting fails the workspace with a reason", async () => {
    await server.close();
    server = await startTestServer({ agentEntry: CRASHING_AGENT });
    alice = await setupAdmin(server, "alice");
    const workspace = await create(alice, "broken");
    let current = workspace;
    await until(async () => {
      current = (await alice.get<Workspace>(`/workspaces/${workspace.id}`)).body;
      return current.status === "failed";
    });
    expect(current.statusMessage).toMatch(/exited with code 3/);
    const log = fs.readFileSync(path.join(server.dataDir, "workspaces", workspace.id, "agent.log"), "utf8");
    expect(log).toContain("crashing on purpose");
    // A failed workspace can be started again.
    expect((await alice.post<Workspace>(`/workspaces/${workspace.id}/start`)).body.status).toBe("starting");
  });
});
