import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nodeDataChannel from "node-datachannel";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../testHelpers/testPty.js";
import { pollUntil } from "../testHelpers/waitUntil.js";
import { CodeServer, type CodeServerOptions } from "./CodeServer.js";
import { codeServerCommand, installedCodeServerEntry } from "./codeServerCommand.js";
import { AppPeer } from "./testHelpers/appPeer.js";
import { HttpTestClient } from "./testHelpers/HttpTestClient.js";
import { WsTestClient } from "./testHelpers/WsTestClient.js";

/** The fake, run through tsx found from here: code-server's working directory is the workspace. */
const FAKE = {
  file: process.execPath,
  args: ["--import", import.meta.resolve("tsx"), join(import.meta.dirname, "testHelpers", "fakeCodeServer.ts")],
};

let workspaceDir: string;
const launchers: CodeServer[] = [];
const peers: AppPeer[] = [];

function launcher(options: Partial<CodeServerOptions> = {}): CodeServer {
  const codeServer = new CodeServer({ command: FAKE, workspaceDir, logger: silentLogger, ...options });
  launchers.push(codeServer);
  return codeServer;
}

async function browserWith(codeServer: CodeServer): Promise<AppPeer> {
  const peer = await AppPeer.connect({ "code-server": codeServer });
  peers.push(peer);
  return peer;
}

async function get(peer: AppPeer, path: string) {
  const client = await HttpTestClient.open(peer.browser, { app: "code-server" });
  return client.request({ path }, { timeoutMs: 60_000 });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeEach(async () => {
  workspaceDir = await mkdtemp(join(tmpdir(), "gangway-code-server-"));
});

afterEach(async () => {
  for (const peer of peers.splice(0)) await peer.dispose();
  for (const codeServer of launchers.splice(0)) await codeServer.dispose();
  await rm(workspaceDir, { recursive: true, force: true });
});

afterAll(() => {
  nodeDataChannel.cleanup();
});

describe("CodeServer launcher", () => {
  it("starts on the first request, on loopback, without a password or the agent's token", async () => {
    const codeServer = launcher({ env: { ...process.env, GANGWAY_AGENT_TOKEN: "secret" } });
    const peer = await browserWith(codeServer);
    const response = await get(peer, "/started-with");
    const started = JSON.parse(response.body.toString()) as { args: string[]; cwd: string; hasToken: boolean };
    expect(started.args).toEqual(
      expect.arrayContaining(["--auth", "none", "--disable-telemetry", "--disable-workspace-trust", workspaceDir]),
    );
    expect(started.args[started.args.indexOf("--bind-addr") + 1]).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(started.args[started.args.indexOf("--user-data-dir") + 1]).toBe(
      join(workspaceDir, ".gangway", "code-server", "data"),
    );
    expect(started.cwd).toBe(workspaceDir);
    expect(started.hasToken).toBe(false);
  });

  it("shares one start between concurrent requests", async () => {
    const codeServer = launcher();
    const ports = await Promise.all([codeServer.start(), codeServer.start(), codeServer.start()]);
    expect(new Set(ports.map((port) => (port.ok ? port.value : 0))).size).toBe(1);
  });

  it("starts again after it died", async () => {
    const codeServer = launcher();
    const peer = await browserWith(codeServer);
    const first = JSON.parse((await get(peer, "/started-with")).body.toString()) as { pid: number };
    await get(peer, "/exit");
    await pollUntil(() => (isRunning(first.pid) ? undefined : true), "the fake code-server to exit");
    const second = JSON.parse((await get(peer, "/started-with")).body.toString()) as { pid: number };
    expect(second.pid).not.toBe(first.pid);
  });

  it("stops itself and what it started when disposed", async () => {
    const codeServer = launcher();
    const peer = await browserWith(codeServer);
    const started = JSON.parse((await get(peer, "/started-with")).body.toString()) as {
      pid: number;
      helperPid: number;
    };
    await codeServer.dispose();
    expect(isRunning(started.pid)).toBe(false);
    await pollUntil(() => (isRunning(started.helperPid) ? undefined : true), "the helper process to end");
    expect((await codeServer.start()).ok).toBe(false);
  });

  it("reports a code-server that exits at start, and one that cannot be run, as PROVIDER_ERROR", async () => {
    const exits = launcher({ env: { ...process.env, FAKE_CODE_SERVER_MODE: "exit" } });
    const peer = await browserWith(exits);
    const response = await get(peer, "/");
    expect(response.error).toMatchObject({
      code: "PROVIDER_ERROR",
      message: "code-server did not start: it exited (code 3)",
    });
    const missing = launcher({ command: { file: join(workspaceDir, "no-such-code-server"), args: [] } });
    expect(await missing.start()).toMatchObject({ ok: false, failure: { code: "PROVIDER_ERROR" } });
  });

  it("gives up on a code-server that never answers, and stops it", async () => {
    const silent = launcher({ env: { ...process.env, FAKE_CODE_SERVER_MODE: "silent" }, startTimeoutMs: 1_500 });
    expect(await silent.start()).toMatchObject({
      ok: false,
      failure: { message: "code-server did not start: it did not answer in time" },
    });
  });
});

const realEntry = installedCodeServerEntry(process.env);
const realInstalled = Boolean(process.env.GANGWAY_CODE_SERVER) || existsSync(realEntry);
// In CI the install step runs first, so a missing code-server there is a failure, not a skip.
const runReal = realInstalled || Boolean(process.env.CI);
if (!runReal) console.warn(`skipping the real code-server test: ${realEntry} is missing (npm run code-server:install)`);

describe.runIf(runReal)("real code-server", () => {
  it("serves its workbench and accepts its WebSocket through app channels", async () => {
    // A PORT in the environment (a dev server's) must not divert code-server from its --bind-addr.
    const codeServer = launcher({ command: codeServerCommand(process.env), env: { ...process.env, PORT: "0" } });
    const peer = await browserWith(codeServer);
    const client = await HttpTestClient.open(peer.browser, { app: "code-server" });
    let response = await client.request({ path: "/" }, { timeoutMs: 90_000 });
    // code-server redirects to the folder it opens; a browser follows, the agent does not.
    for (let hops = 0; hops < 3 && response.head && response.head.status >= 300 && response.head.status < 400; hops++) {
      const location = response.head.headers.find(([name]) => name.toLowerCase() === "location")?.[1] ?? "/";
      response = await client.request({
        path: new URL(location, "http://app/").pathname + new URL(location, "http://app/").search,
      });
    }
    expect(response.head?.status).toBe(200);
    expect(response.body.toString()).toContain("workbench");

    const socket = await WsTestClient.open(peer.browser, {
      app: "code-server",
      path: "/?reconnectionToken=gangway-test&reconnection=false&skipWebSocketFrames=false",
      headers: [["Origin", "https://code-server--ws--me.apps.localhost:7080"]],
    });
    // Open means code-server accepted the handshake, its Origin check included.
    expect(await socket.waitForMessage({ type: "open" })).toMatchObject({ type: "open" });
  }, 120_000);
});
