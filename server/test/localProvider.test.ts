/**
 * The local provider with the REAL agent (agent/main.ts, spawned through tsx): these tests
 * need the agent to connect, so they fail (with the workspace's status message) until it does.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import type { Workspace } from "../../protocol/rest.js";
import { isAlive } from "../providers/processes.js";
import { agentSocket } from "./fakeAgent.js";
import {
  agentPid,
  REAL_AGENT,
  setupAdmin,
  startTestServer,
  type TestClient,
  type TestServer,
  until,
  WAIT_MS,
  wsWait,
} from "./helpers.js";

let server: TestServer;
let alice: TestClient;

beforeEach(async () => {
  server = await startTestServer({ agentEntry: REAL_AGENT });
  alice = await setupAdmin(server, "alice");
});

afterEach(async () => {
  await server.close();
});

/** Waits for the real agent to connect; a failed workspace ends the wait with its reason. */
async function waitUntilRunning(id: string): Promise<Workspace> {
  let workspace: Workspace | undefined;
  await until(
    async () => {
      workspace = (await alice.get<Workspace>(`/workspaces/${id}`)).body;
      if (workspace.status === "failed") throw new Error(`workspace failed: ${workspace.statusMessage}`);
      return workspace.status === "running" && workspace.agent.connection === "connected";
    },
    WAIT_MS,
    "the real agent to connect",
  );
  return workspace as Workspace;
}

/** A variable a running agent process was given, read from its environment (Linux /proc). */
function agentVariable(pid: number, name: string): string {
  const environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
  const entry = environ.find((line) => line.startsWith(`${name}=`));
  if (!entry) throw new Error(`agent has no ${name}`);
  return entry.slice(name.length + 1);
}

test("create → the real agent connects; stop → process gone and token revoked; delete → directory gone", async () => {
  // The gateway's own PORT (set here as `npm start` users may) must not reach the workspace.
  const gatewayPort = process.env.PORT;
  process.env.PORT = "7099";
  const created = (await alice.post<Workspace>("/workspaces", { name: "real" })).body;
  if (gatewayPort === undefined) delete process.env.PORT;
  else process.env.PORT = gatewayPort;
  const running = await waitUntilRunning(created.id);
  expect(running.agent.version).toEqual(expect.any(String));

  const workspaceDir = path.join(server.dataDir, "workspaces", created.id);
  expect(fs.existsSync(path.join(workspaceDir, "home", ".bashrc"))).toBe(true);
  expect(fs.existsSync(path.join(workspaceDir, "agent.log"))).toBe(true);
  const pid = agentPid(server.dataDir, created.id);
  const token = agentVariable(pid, "GANGWAY_AGENT_TOKEN");
  // The workspace's HOME is its own directory; machine-wide tools (code-server) are not there.
  expect(agentVariable(pid, "HOME")).toBe(path.join(workspaceDir, "home"));
  expect(() => agentVariable(pid, "PORT")).toThrow(/agent has no PORT/);
  expect(agentVariable(pid, "GANGWAY_TOOLS_DIR")).toBe(
    process.env.GANGWAY_TOOLS_DIR ?? path.join(os.homedir(), ".cache", "gangway"),
  );

  const stopped = (await alice.post<Workspace>(`/workspaces/${created.id}/stop`)).body;
  expect(stopped).toMatchObject({ status: "stopped", agent: { connection: "disconnected" } });
  expect(isAlive(pid)).toBe(false);
  expect(await wsWait(agentSocket(server, token))).toMatchObject({ refused: true, status: 401 });

  await alice.post(`/workspaces/${created.id}/start`);
  await waitUntilRunning(created.id);
  const restartedPid = agentPid(server.dataDir, created.id);
  expect(restartedPid).not.toBe(pid);

  expect((await alice.delete(`/workspaces/${created.id}`)).status).toBe(204);
  expect(isAlive(restartedPid)).toBe(false);
  expect(fs.existsSync(workspaceDir)).toBe(false);
});
