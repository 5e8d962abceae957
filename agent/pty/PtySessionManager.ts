import type { Logger } from "pino";
import { fail, ok, type Result } from "../result.js";
import type { Attachment } from "./Attachment.js";
import { PtySession, type PtySessionHooks, type ShellCommand } from "./PtySession.js";
import { defaultShell, shellEnvironment } from "./shellEnvironment.js";

/**
 * Shells one agent keeps at once. Each holds a process and up to 2 MiB of replay; a runaway
 * client opening sessions in a loop hits this long before the workspace runs out of memory.
 */
export const MAX_PTY_SESSIONS = 64;

/**
 * A spare shell, when the manager keeps one, starts at this size; a claim resizes it to the
 * browser's (the shell redraws on SIGWINCH).
 */
const SPARE_SIZE = { cols: 80, rows: 24 } as const;

/**
 * A spare that keeps dying (a broken $SHELL or rc file) is not restarted more often than
 * this in a row; terminals then start their shells on demand, which reports the error.
 */
const MAX_SPARE_FAILURES = 3;

export interface TerminalSize {
  readonly cols: number;
  readonly rows: number;
}

export interface PtySessionManagerOptions {
  readonly workspaceDir: string;
  /** A session with no attachment for this long is ended. */
  readonly idleTimeoutMs: number;
  readonly logger: Logger;
  /** Defaults to `$SHELL -i` (or `/bin/bash -i`). */
  readonly shell?: ShellCommand;
  /** Defaults to the agent's own environment. */
  readonly env?: NodeJS.ProcessEnv;
  readonly maxSessions?: number;
  /**
   * Keep one shell started ahead of need. A shell takes 15–40 ms (more with a heavy rc file)
   * to print its first prompt; a new terminal claims the spare and shows that prompt at once.
   */
  readonly keepSpareShell?: boolean;
}

export interface AttachResult {
  readonly session: PtySession;
  /** True when this attach started the shell. */
  readonly created: boolean;
  /** Earlier output, to be sent before any live output. */
  readonly replay: Uint8Array;
}

/**
 * Terminal sessions by the UUID the browser chose. A session outlives its attachments (a
 * reload re-attaches to the same shell) until it was unattached for the idle timeout.
 */
export class PtySessionManager {
  private readonly sessions = new Map<string, PtySession>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private readonly shell: ShellCommand;
  private readonly env: Record<string, string>;
  private readonly hooks: PtySessionHooks = {
    onIdle: (session) => this.scheduleReap(session),
    onExit: (session) => this.forget(session),
  };
  private disposed = false;
  private spare: PtySession | null = null;
  private spareFailures = 0;
  private spareTimer: NodeJS.Immediate | undefined;

  constructor(private readonly options: PtySessionManagerOptions) {
    const env = options.env ?? process.env;
    this.shell = options.shell ?? defaultShell(env);
    this.env = shellEnvironment(env);
    this.startSpare();
  }

  get size(): number {
    return this.sessions.size;
  }

  /** The process id of the spare shell, if one is waiting to be claimed. */
  get sparePid(): number | null {
    return this.spare && !this.spare.hasExited ? this.spare.pid : null;
  }

  get(sessionId: string): PtySession | undefined {
    return this.sessions.get(sessionId);
  }

  /** Attaches to a session, starting its shell when the id is new. Atomic: see `PtySession.attach`. */
  attach(sessionId: string, size: TerminalSize, attachment: Attachment): Result<AttachResult> {
    if (this.disposed) return fail("INVALID_STATE", "the agent is shutting down");
    const existing = this.sessions.get(sessionId);
    if (existing) {
      this.cancelReap(sessionId);
      existing.resize(size.cols, size.rows);
      return ok({ session: existing, created: false, replay: existing.attach(attachment) });
    }
    const maxSessions = this.options.maxSessions ?? MAX_PTY_SESSIONS;
    if (this.sessions.size >= maxSessions) return fail("RATE_LIMITED", `at most ${maxSessions} terminal sessions`);
    const spawned = this.claimSpare(sessionId, size) ?? this.spawn(sessionId, size);
    if (!spawned.ok) return spawned;
    this.sessions.set(sessionId, spawned.value);
    this.options.logger.info({ session: sessionId, pid: spawned.value.pid }, "terminal session started");
    return ok({ session: spawned.value, created: true, replay: spawned.value.attach(attachment) });
  }

  private spawn(sessionId: string, size: TerminalSize): Result<PtySession> {
    const options = { shell: this.shell, cwd: this.options.workspaceDir, env: this.env, ...size };
    return PtySession.spawn(sessionId, options, this.hooks, this.options.logger);
  }

  /** Hands the spare shell to a new session and starts the next spare after this turn. */
  private claimSpare(sessionId: string, size: TerminalSize): Result<PtySession> | null {
    const spare = this.spare;
    if (!spare || spare.hasExited) return null;
    this.spare = null;
    this.spareFailures = 0;
    spare.claim(sessionId);
    spare.resize(size.cols, size.rows);
    this.spareTimer = setImmediate(() => this.startSpare());
    return ok(spare);
  }

  private startSpare(): void {
    this.spareTimer = undefined;
    if (!this.options.keepSpareShell || this.disposed || this.spare) return;
    if (this.spareFailures >= MAX_SPARE_FAILURES) return;
    const spawned = this.spawn("spare", SPARE_SIZE);
    if (spawned.ok) this.spare = spawned.value;
    else this.spareFailures += 1;
  }

  /** Ends every shell and settles once all of them exited. */
  async dispose(): Promise<void> {
    this.disposed = true;
    clearImmediate(this.spareTimer);
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    const sessions = [...this.sessions.values(), ...(this.spare ? [this.spare] : [])];
    this.spare = null;
    for (const session of sessions) session.terminate();
    await Promise.all(sessions.map((session) => session.exited));
  }

  private scheduleReap(session: PtySession): void {
    this.cancelReap(session.id);
    const timer = setTimeout(() => {
      this.idleTimers.delete(session.id);
      this.options.logger.info({ session: session.id }, "reaping unattached terminal session");
      session.terminate();
    }, this.options.idleTimeoutMs);
    this.idleTimers.set(session.id, timer);
  }

  private cancelReap(sessionId: string): void {
    const timer = this.idleTimers.get(sessionId);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(sessionId);
  }

  private forget(session: PtySession): void {
    if (session === this.spare) {
      this.spare = null;
      this.spareFailures += 1;
      this.startSpare();
      return;
    }
    this.cancelReap(session.id);
    if (this.sessions.get(session.id) === session) this.sessions.delete(session.id);
  }
}
