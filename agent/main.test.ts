import { type ChildProcess, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { TestGateway } from "./testHelpers/TestGateway.js";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const TOKEN = "main-test-token-0123456789";

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

let child: ChildProcess | null = null;
let gateway: TestGateway | null = null;

afterEach(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  child = null;
  await gateway?.close();
  gateway = null;
});

function startAgent(env: Record<string, string>): { exited: Promise<Exit> } {
  const { GANGWAY_URL: _url, GANGWAY_AGENT_TOKEN: _token, ...inherited } = process.env;
  const started = spawn(process.execPath, ["--import", "tsx", MAIN], {
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = started;
  let stdout = "";
  let stderr = "";
  started.stdout.on("data", (data) => {
    stdout += data;
  });
  started.stderr.on("data", (data) => {
    stderr += data;
  });
  const exited = new Promise<Exit>((resolve) => started.on("close", (code) => resolve({ code, stdout, stderr })));
  return { exited };
}

describe("agent/main.ts", () => {
  it("exits with code 2 and names the problem when configuration is missing", async () => {
    const { code, stderr } = await startAgent({}).exited;
    expect(code).toBe(2);
    expect(stderr).toContain("GANGWAY_URL");
    expect(stderr).toContain("GANGWAY_AGENT_TOKEN");
  });

  it("connects to the gateway and exits 0 on SIGTERM, never logging its token", async () => {
    gateway = await TestGateway.start();
    const { exited } = startAgent({
      GANGWAY_URL: gateway.url.href,
      GANGWAY_AGENT_TOKEN: TOKEN,
      GANGWAY_WORKSPACE_DIR: tmpdir(),
      GANGWAY_LOG_LEVEL: "debug",
    });
    const connection = await gateway.connection(0);
    expect(connection.authorization).toBe(`Bearer ${TOKEN}`);
    await connection.waitForMessage({ type: "hello" });
    connection.welcome();
    child?.kill("SIGTERM");
    const { code, stdout } = await exited;
    expect(code).toBe(0);
    expect(stdout).toContain("agent stopped");
    expect(stdout).not.toContain(TOKEN);
    await connection.waitForClose();
  });
});
