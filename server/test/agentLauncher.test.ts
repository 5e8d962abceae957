import fs from "node:fs";
import { afterEach, expect, test } from "vitest";
import type { Workspace } from "../../protocol/rest.js";
import { isAlive } from "../providers/processes.js";
import { agentTokenOf } from "./fakeAgent.js";
import { agentPid, setupAdmin, startTestServer, type TestServer, until } from "./helpers.js";

let server: TestServer;

afterEach(async () => {
  await server.close();
});

test("a launcher command runs the local agent through it; the gateway still tracks and stops it by pid", async () => {
  // `env` execs what follows, like `ip netns exec` (what the network tests use).
  server = await startTestServer({ localAgentLauncher: ["env", "LAUNCHED_VIA=launcher"] });
  const alice = await setupAdmin(server, "alice");
  const workspace = (await alice.post<Workspace>("/workspaces", { name: "launched" })).body;
  await agentTokenOf(server, workspace.id);
  const pid = agentPid(server.dataDir, workspace.id);
  expect(fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0")).toContain("LAUNCHED_VIA=launcher");
  expect(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0]).toBe(process.execPath);

  expect((await alice.post<Workspace>(`/workspaces/${workspace.id}/stop`)).status).toBe(200);
  await until(() => !isAlive(pid), undefined, "the launched agent to stop");
});
