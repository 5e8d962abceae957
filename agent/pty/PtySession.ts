import { type IDisposable, type IPty, spawn } from "node-pty";
import type { Logger } from "pino";
import { fail, ok, type Result } from "../result.js";
import type { Attachment, PtyExitStatus } from "./Attachment.js";
import { REPLAY_BUFFER_BYTES } from "./flowControl.js";
import { RingBuffer } from "./RingBuffer.js";

/**
 * After SIGHUP an interactive shell exits at once; one that traps or ignores it gets this
 * long before SIGKILL, so terminate and shutdown always finish.
 */
const TERMINATE_GRACE_MS = 3_000;

/**
 * A shell signalled in its first milliseconds (still between fork and exec, or before it
 * installed its handlers) can lose the SIGHUP; it is sent again after this long, which
 * spares such a shell the full grace period before SIGKILL.
 */
const HANGUP_RETRY_MS = 50;

export interface ShellCommand {
  readonly file: string;
  readonly args: readonly string[];
}

export interface PtySpawnOptions {
  readonly shell: ShellCommand;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly cols: number;
  readonly rows: number;
}

/** How the owner (PtySessionManager) learns about a session's life. */
export interface PtySessionHooks {
  /** The last attachment detached. */
  onIdle(session: PtySession): void;
  /** The shell exited; every attachment was already told. */
  onExit(session: PtySession, status: PtyExitStatus): void;
}

/**
 * One terminal: a shell on a pseudo-terminal, the ring buffer of everything it printed, and
 * the attachments that currently watch it. Output is paused while any attachment is
 * congested, so a slow browser slows the shell instead of growing buffers without bound.
 */
export class PtySession {
  private readonly ring = new RingBuffer(REPLAY_BUFFER_BYTES);
  private readonly attachments = new Set<Attachment>();
  private readonly subscriptions: IDisposable[];
  private paused = false;
  private status: PtyExitStatus | null = null;
  private killTimer: NodeJS.Timeout | null = null;
  private hangupRetryTimer: NodeJS.Timeout | undefined;
  private resolveExited: (status: PtyExitStatus) => void = () => {};
  /** Settles once the shell exited, however that happened. */
  readonly exited = new Promise<PtyExitStatus>((resolve) => {
    this.resolveExited = resolve;
  });

  private constructor(
    private sessionId: string,
    private readonly pty: IPty,
    private readonly hooks: PtySessionHooks,
    private logger: Logger,
  ) {
    this.subscriptions = [
      pty.onData((data) => this.handleOutput(Buffer.from(data, "utf8"))),
      pty.onExit(({ exitCode, signal }) => this.handleExit({ exitCode, signal: signal || null })),
    ];
  }

  static spawn(id: string, options: PtySpawnOptions, hooks: PtySessionHooks, logger: Logger): Result<PtySession> {
    try {
      const pty = spawn(options.shell.file, [...options.shell.args], {
        name: options.env.TERM ?? "xterm-256color",
        cols: options.cols,
        rows: options.rows,
        cwd: options.cwd,
        env: { ...options.env },
      });
      return ok(new PtySession(id, pty, hooks, logger.child({ session: id, pid: pty.pid })));
    } catch (error) {
      logger.error({ session: id, err: error }, "could not start shell");
      return fail("PTY_ERROR", "the terminal's shell could not be started");
    }
  }

  /** The UUID the browser named this terminal by. */
  get id(): string {
    return this.sessionId;
  }

  get pid(): number {
    return this.pty.pid;
  }

  /** A shell started ahead of need (see PtySessionManager's spare) becomes a named session. */
  claim(sessionId: string): void {
    this.sessionId = sessionId;
    this.logger = this.logger.child({ session: sessionId });
  }

  get hasExited(): boolean {
    return this.status !== null;
  }

  /** True while output is held back because an attachment is congested. */
  get isPaused(): boolean {
    return this.paused;
  }

  get attachmentCount(): number {
    return this.attachments.size;
  }

  /**
   * Subscribes `attachment` to live output and returns the replay of earlier output. Both
   * happen in one synchronous step, so no byte is lost or repeated between the two.
   */
  attach(attachment: Attachment): Uint8Array {
    this.attachments.add(attachment);
    return this.ring.snapshot();
  }

  detach(attachment: Attachment): void {
    if (!this.attachments.delete(attachment)) return;
    this.refreshFlow();
    if (this.attachments.size === 0 && !this.hasExited) this.hooks.onIdle(this);
  }

  write(input: Uint8Array): void {
    if (this.hasExited) return;
    this.pty.write(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
  }

  /** The newest caller wins: terminal size is a property of the session, not of a viewer. */
  resize(cols: number, rows: number): void {
    if (this.hasExited || (this.pty.cols === cols && this.pty.rows === rows)) return;
    try {
      this.pty.resize(cols, rows);
    } catch (error) {
      this.logger.warn({ err: error }, "resize failed");
    }
  }

  /** Ends the shell (SIGHUP, as when a terminal window closes; SIGKILL if it lingers). */
  terminate(): void {
    if (this.hasExited || this.killTimer) return;
    // A paused pty is not read, so node-pty would not see the shell's end until its own timeout.
    if (this.paused) {
      this.paused = false;
      this.pty.resume();
    }
    this.signal("SIGHUP");
    this.hangupRetryTimer = setTimeout(() => this.signal("SIGHUP"), HANGUP_RETRY_MS);
    this.killTimer = setTimeout(() => this.signal("SIGKILL"), TERMINATE_GRACE_MS);
  }

  /** Resumes the shell once no attachment is congested; attachments call it when drained. */
  refreshFlow(): void {
    if (!this.paused || this.hasExited) return;
    for (const attachment of this.attachments) if (attachment.isCongested()) return;
    this.paused = false;
    this.pty.resume();
  }

  private handleOutput(bytes: Uint8Array): void {
    this.ring.write(bytes);
    let congested = false;
    for (const attachment of this.attachments) {
      attachment.output(bytes);
      congested ||= attachment.isCongested();
    }
    if (congested && !this.paused) {
      this.paused = true;
      this.pty.pause();
    }
  }

  private handleExit(status: PtyExitStatus): void {
    this.status = status;
    if (this.killTimer) clearTimeout(this.killTimer);
    this.killTimer = null;
    clearTimeout(this.hangupRetryTimer);
    for (const subscription of this.subscriptions) subscription.dispose();
    const attachments = [...this.attachments];
    this.attachments.clear();
    for (const attachment of attachments) attachment.ended(status);
    this.logger.info(status, "shell exited");
    this.hooks.onExit(this, status);
    this.resolveExited(status);
  }

  private signal(signal: "SIGHUP" | "SIGKILL"): void {
    try {
      this.pty.kill(signal);
    } catch (error) {
      this.logger.debug({ err: error, signal }, "signal not delivered");
    }
  }
}
