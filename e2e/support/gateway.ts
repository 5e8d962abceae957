import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
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
    private readonly options: GatewayOptions,
    private child: ChildProcess,
    private readonly output: string[],
  ) {}

  static async start(options: GatewayOptions = {}): Promise<Gateway> {
    const dataDir = await mkdtemp(path.join(tmpdir(), "gangway-e2e-"));
    const output: string[] = [];
    const started = await launchOnRestartablePort(dataDir, options, output);
    return new Gateway(started.url, dataDir, options, started.child, output);
  }

  /** Each local workspace's agent.log, by workspace id, for failure reports. */
  async agentLogs(): Promise<[string, string][]> {
    const root = path.join(this.dataDir, "workspaces");
    const ids = await readdir(root).catch(() => [] as string[]);
    const logs: [string, string][] = [];
    for (const id of ids) {
      const log = await readFile(path.join(root, id, "agent.log"), "utf8").catch(() => null);
      if (log !== null) logs.push([`agent-${id}.log`, log]);
    }
    return logs;
  }

  /** Everything the server printed, for failure messages. */
  logs(): string {
    return this.output.join("");
  }

  /** Kills the server process outright (no shutdown); workspaces and their agents live on. */
  async crash(): Promise<void> {
    await this.terminate("SIGKILL");
  }

  /** Starts the server again on the same port and data directory (after `crash`). */
  async restart(): Promise<void> {
    this.child = (await launch(this.dataDir, new URL(this.url).port, this.options, this.output)).child;
  }

  async stop(): Promise<void> {
    await this.terminate("SIGTERM");
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private async terminate(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}

/** Spawns `server/main.ts` and resolves once it printed the URL it serves; appends its output to `output`. */
/**
 * Ports below Linux's ephemeral range (32768-60999), which the kernel hands to outgoing
 * connections: `restart()` reuses the port, and one from that range could have been taken
 * by another process's connection meanwhile.
 */
const RESTARTABLE_PORTS = { from: 20_000, count: 12_000 };

async function launchOnRestartablePort(dataDir: string, options: GatewayOptions, output: string[]) {
  for (let attempt = 0; ; attempt++) {
    const port = RESTARTABLE_PORTS.from + Math.floor(Math.random() * RESTARTABLE_PORTS.count);
    try {
      return await launch(dataDir, String(port), options, output);
    } catch (error) {
      if (!String(error).includes("EADDRINUSE") || attempt >= 10) throw error;
    }
  }
}

async function launch(
  dataDir: string,
  port: string,
  options: GatewayOptions,
  output: string[],
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: port,
      GANGWAY_DATA_DIR: dataDir,
      GANGWAY_STOP_WORKSPACES_ON_EXIT: "1",
      GANGWAY_LOG_LEVEL: process.env.GANGWAY_LOG_LEVEL ?? "warn",
      ...(options.benchRelay ? { GANGWAY_BENCH_RELAY: "1" } : {}),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const from = output.length;
  const printed = () => output.slice(from).join("");
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${printed()}`)), START_TIMEOUT_MS);
    const onData = () => {
      const match = /Gangway is running at (\S+)/.exec(printed());
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      resolve(match[1].replace(/\/$/, ""));
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${printed()}`));
    });
  });
  return { child, url };
}
