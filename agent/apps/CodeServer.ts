import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { get } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "pino";
import { shellEnvironment } from "../pty/shellEnvironment.js";
import { fail, ok, type Result } from "../result.js";
import type { AppLauncher } from "./AppLauncher.js";
import { APP_UNAVAILABLE } from "./appFailures.js";
import type { CodeServerCommand } from "./codeServerCommand.js";

/**
 * How long code-server may take to answer after it was started. A cold start loads VS Code's
 * server bundle (~2 s on an idle 2-core machine); a busy workspace can take several times
 * that, and a browser waiting longer than this would rather see an error.
 */
export const CODE_SERVER_START_TIMEOUT_MS = 60_000;

/** How often a starting code-server is asked whether it answers yet. */
const READY_POLL_INTERVAL_MS = 100;

/** How long code-server gets to exit after SIGTERM before it and its children are killed. */
const STOP_GRACE_MS = 5_000;

/** Output kept to explain a failed start (code-server says why it exits in its last lines). */
const OUTPUT_TAIL_BYTES = 4 * 1024;

/** Unix socket paths longer than this fail to bind on Linux (sun_path holds 108 bytes). */
const MAX_SOCKET_PATH_BYTES = 100;

export interface CodeServerOptions {
  readonly command: CodeServerCommand;
  /** The folder code-server opens, and its working directory. */
  readonly workspaceDir: string;
  /** Its settings, extensions and state; default `<workspaceDir>/.gangway/code-server`. */
  readonly stateDir?: string;
  readonly logger: Logger;
  /** Defaults to the agent's environment (its secrets are never passed on). */
  readonly env?: NodeJS.ProcessEnv;
  readonly startTimeoutMs?: number;
}

interface Running {
  readonly process: ChildProcess;
  readonly port: number;
  readonly exited: Promise<void>;
}

/**
 * Starts code-server on demand, bound to 127.0.0.1 on a free port and without a password:
 * only the agent reaches it, and the gateway and the agent decide who reaches the agent. A
 * code-server that died is started again by the next request; `dispose()` stops it with
 * every process it started (it runs in its own process group).
 */
export class CodeServer implements AppLauncher {
  private running: Running | null = null;
  private starting: Promise<Result<number>> | null = null;
  private disposed = false;

  constructor(private readonly options: CodeServerOptions) {}

  /** The port code-server listens on while it runs; null when it does not. */
  get port(): number | null {
    return this.running?.port ?? null;
  }

  start(): Promise<Result<number>> {
    if (this.disposed) return Promise.resolve(fail(APP_UNAVAILABLE, "the agent is shutting down"));
    if (this.running) return Promise.resolve(ok(this.running.port));
    this.starting ??= this.launch()
      .catch((error: unknown) => {
        this.options.logger.error({ err: error }, "starting code-server failed");
        return fail(APP_UNAVAILABLE, "code-server could not be started");
      })
      .finally(() => {
        this.starting = null;
      });
    return this.starting;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.starting;
    const running = this.running;
    this.running = null;
    if (running) await killGroup(running);
  }

  private async launch(): Promise<Result<number>> {
    const stateDir = this.options.stateDir ?? join(this.options.workspaceDir, ".gangway", "code-server");
    await mkdir(stateDir, { recursive: true });
    const port = await freeLoopbackPort();
    const started = this.spawn(stateDir, port);
    const deadline = Date.now() + (this.options.startTimeoutMs ?? CODE_SERVER_START_TIMEOUT_MS);
    let why: string | null = null;
    while (!(await answers(port))) {
      why = started.whyGone() ?? (this.disposed ? "the agent is shutting down" : null);
      if (!why && Date.now() > deadline) why = "it did not answer in time";
      if (why) break;
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_INTERVAL_MS));
    }
    if (why) {
      await killGroup(started.running);
      this.options.logger.warn({ why, output: started.output.text() }, "code-server did not start");
      return fail(APP_UNAVAILABLE, `code-server did not start: ${why}`);
    }
    this.running = started.running;
    this.options.logger.info({ port }, "code-server answers");
    return ok(port);
  }

  /** Runs code-server in its own process group; `whyGone` says why it is no longer running. */
  private spawn(stateDir: string, port: number) {
    const { command, workspaceDir, logger } = this.options;
    const env = shellEnvironment(this.options.env ?? process.env);
    // code-server prefers $PORT to the port in --bind-addr; a PORT meant for something else
    // (a dev server's, or a gateway's that leaked) would send it where the agent never looks.
    delete env.PORT;
    const child = spawn(command.file, [...command.args, ...codeServerArguments(stateDir, port, workspaceDir)], {
      cwd: workspaceDir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const output = new OutputTail();
    child.stdout?.on("data", (chunk: Buffer) => output.add(chunk));
    child.stderr?.on("data", (chunk: Buffer) => output.add(chunk));
    let gone: string | null = null;
    const exited = new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      // A spawn that failed (no such file) emits no exit.
      child.once("error", () => resolve());
    });
    const running: Running = { process: child, port, exited };
    child.once("error", (error) => {
      gone = `it could not be run (${error.message})`;
    });
    child.once("exit", (code, signal) => {
      gone ??= `it exited (${signal ?? `code ${code}`})`;
      if (this.running === running) this.running = null;
      // What it started (extension hosts, terminals) would otherwise outlive it.
      if (child.pid !== undefined) signalGroup(child.pid, "SIGKILL");
      logger.info({ code, signal, pid: child.pid }, "code-server exited");
    });
    logger.info({ pid: child.pid, port }, "starting code-server");
    return { running, output, whyGone: () => gone };
  }
}

function codeServerArguments(stateDir: string, port: number, workspaceDir: string): string[] {
  return [
    "--bind-addr",
    `127.0.0.1:${port}`,
    "--auth",
    "none",
    "--disable-telemetry",
    "--disable-update-check",
    // The workspace is the user's own: no "do you trust the authors" prompt, no restricted mode.
    "--disable-workspace-trust",
    "--config",
    join(stateDir, "config.yaml"),
    "--user-data-dir",
    join(stateDir, "data"),
    "--extensions-dir",
    join(stateDir, "extensions"),
    "--session-socket",
    sessionSocketPath(stateDir),
    workspaceDir,
  ];
}

/** code-server's IPC socket, inside its state unless that path is too long for a socket. */
function sessionSocketPath(stateDir: string): string {
  const inside = join(stateDir, "ipc.sock");
  if (Buffer.byteLength(inside) <= MAX_SOCKET_PATH_BYTES) return inside;
  const name = createHash("sha256").update(stateDir).digest("hex").slice(0, 16);
  return join(tmpdir(), `gangway-code-server-${name}.sock`);
}

/** A port nothing listens on right now (code-server binds it a moment later; a race loses to a restart). */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** True when GET /healthz answers 200. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get({ host: "127.0.0.1", port, path: "/healthz", agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on("error", () => resolve(false));
    request.setTimeout(READY_POLL_INTERVAL_MS * 10, () => request.destroy());
  });
}

/** SIGTERM to code-server's process group, SIGKILL to what is left after the grace period. */
async function killGroup(running: Running): Promise<void> {
  const pid = running.process.pid;
  if (pid === undefined || running.process.exitCode !== null || running.process.signalCode !== null) return;
  signalGroup(pid, "SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, STOP_GRACE_MS);
  });
  await Promise.race([running.exited, graceOver]);
  clearTimeout(timer);
  signalGroup(pid, "SIGKILL");
  await running.exited;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** The last few KiB a process wrote, for the log line that explains its failure. */
class OutputTail {
  private tail = "";

  add(chunk: Buffer): void {
    this.tail = (this.tail + chunk.toString()).slice(-OUTPUT_TAIL_BYTES);
  }

  text(): string {
    return this.tail;
  }
}
