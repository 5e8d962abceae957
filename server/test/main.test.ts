import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, test } from "vitest";
import { WAIT_MS } from "./helpers.js";

const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function run(env: Record<string, string>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gangway-main-"));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    env: { ...process.env, PORT: "0", GANGWAY_DATA_DIR: dataDir, GANGWAY_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

test("prints the URL, serves, and exits 0 on SIGTERM", async () => {
  const gateway = run({});
  const deadline = Date.now() + WAIT_MS;
  let url: string | undefined;
  while (!url && Date.now() < deadline) {
    url = /Gangway is running at (\S+)/.exec(gateway.stdout())?.[1];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(url).toMatch(/^http:\/\/localhost:\d+$/);
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  gateway.child.kill("SIGTERM");
  expect(await gateway.exited).toBe(0);
});

test("invalid configuration is explained and exits 2", async () => {
  const gateway = run({ GANGWAY_ICE_SERVERS: '[{"urls": 5}]' });
  expect(await gateway.exited).toBe(2);
  expect(gateway.stderr()).toMatch(/GANGWAY_ICE_SERVERS: 0\.urls/);
});
