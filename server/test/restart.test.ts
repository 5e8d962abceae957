import { afterEach, expect, test } from "vitest";
import type { Workspace } from "../../protocol/rest.js";
import { isAlive } from "../providers/processes.js";
import { agentTokenOf, FakeAgent } from "./fakeAgent.js";
import { agentPid, setupAdmin, startTestServer, TestClient, type TestServer, until } from "./helpers.js";

/** The server currently running (each test restarts it on the same data dir). */
let running: TestServer | null = null;
const pids: number[] = [];

afterEach(async () => {
  for (const pid of pids.splice(0)) if (isAlive(pid)) process.kill(-pid, "SIGKILL");
  await running?.close();
  running = null;
});

async function start(dataDir?: string): Promise<TestServer> {
  running = await startTestServer(dataDir ? { dataDir } : {});
  return running;
}

/** Closes the running server the way a crash or an upgrade would: agents keep running. */
async function restartPoint(server: TestServer): Promise<void> {
  await server.close({ keepData: true, stopWorkspaces: false });
  running = null;
}

/** The same signed-in browser, pointed at a restarted server (its port changed). */
function sameBrowser(client: TestClient, server: TestServer): TestClient {
  const moved = new TestClient(server);
  moved.cookie = client.cookie;
  return moved;
}

test("agents survive a gateway restart and are adopted; dead ones are restarted", async () => {
  const first = await start();
  const alice = await setupAdmin(first, "alice");
  const workspace = (await alice.post<Workspace>("/workspaces", { name: "dev" })).body;
  const token = await agentTokenOf(first, workspace.id);
  const agent = await FakeAgent.connect(first, token);
  await until(async () => (await alice.get<Workspace>(`/workspaces/${workspace.id}`)).body.status === "running");
  const pid = agentPid(first.dataDir, workspace.id);
  pids.push(pid);

  await restartPoint(first);
  await agent.inbox.closeCode();
  expect(isAlive(pid)).toBe(true);

  // Restart: the live agent is adopted, keeps its token, and reconnects.
  const second = await start(first.dataDir);
  const browser = sameBrowser(alice, second);
  const adopted = (await browser.get<Workspace>(`/workspaces/${workspace.id}`)).body;
  expect(adopted).toMatchObject({ status: "running", agent: { connection: "disconnected" } });
  expect(agentPid(second.dataDir, workspace.id)).toBe(pid);
  const reconnected = await FakeAgent.connect(second, token);
  await until(
    async () => (await browser.get<Workspace>(`/workspaces/${workspace.id}`)).body.agent.connection === "connected",
  );
  reconnected.close();

  // Restart with the agent dead: it is started again with a new token.
  await restartPoint(second);
  process.kill(-pid, "SIGKILL");
  await until(() => !isAlive(pid), undefined, "the agent to die");
  const third = await start(second.dataDir);
  const restarted = (await sameBrowser(alice, third).get<Workspace>(`/workspaces/${workspace.id}`)).body;
  expect(restarted.status).toBe("starting");
  const newPid = agentPid(third.dataDir, workspace.id);
  pids.push(newPid);
  expect(newPid).not.toBe(pid);
  await until(async () => (await agentTokenOf(third, workspace.id)) !== token, undefined, "a new agent token");
});

test("an adopted agent that dies later fails the workspace", async () => {
  const first = await start();
  const alice = await setupAdmin(first, "alice");
  const workspace = (await alice.post<Workspace>("/workspaces", { name: "dev" })).body;
  await agentTokenOf(first, workspace.id);
  const pid = agentPid(first.dataDir, workspace.id);
  pids.push(pid);
  await restartPoint(first);

  const second = await start(first.dataDir);
  const browser = sameBrowser(alice, second);
  process.kill(-pid, "SIGKILL");
  await until(async () => (await browser.get<Workspace>(`/workspaces/${workspace.id}`)).body.status === "failed");
  expect((await browser.get<Workspace>(`/workspaces/${workspace.id}`)).body.statusMessage).toMatch(
    /agent process exited/,
  );
});
