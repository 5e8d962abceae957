import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** How long the real server may take to start (tsx compiles on first run; 2 slow cores). */
const START_TIMEOUT_MS = 30_000;
/** How long a graceful shutdown (which stops local workspaces) may take before SIGKILL. */
const STOP_TIMEOUT_MS = 15_000;

export interface GatewayOptions {
  /** Enables the reverse-proxy reference route used by the benchmark. */
  benchRelay?: boolean;
  env?: Record<string, string>;
}

/**
 * The real gateway server as a separate process (exactly what `npm start` runs, on a free
 * port with a throw-away data directory). Workspaces it started are stopped when it stops.
 */
export class Gateway {
  private constructor(
    readonly url: string,
    readonly dataDir: string,
    private readonly child: ChildProcess,
    private readonly output: string[],
  ) {}

  static async start(options: GatewayOptions = {}): Promise<Gateway> {
    const dataDir = await mkdtemp(path.join(tmpdir(), "gangway-e2e-"));
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: "0",
        GANGWAY_DATA_DIR: dataDir,
        GANGWAY_STOP_WORKSPACES_ON_EXIT: "1",
        GANGWAY_LOG_LEVEL: process.env.GANGWAY_LOG_LEVEL ?? "warn",
        ...(options.benchRelay ? { GANGWAY_BENCH_RELAY: "1" } : {}),
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output: string[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output.join("")}`)), START_TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        output.push(text);
        const match = /Gangway is running at (\S+)/.exec(output.join(""));
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`gateway exited with ${code}:\n${output.join("")}`));
      });
    });
    return new Gateway(url.replace(/\/$/, ""), dataDir, child, output);
  }

  /** Everything the server printed, for failure messages. */
  logs(): string {
    return this.output.join("");
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
