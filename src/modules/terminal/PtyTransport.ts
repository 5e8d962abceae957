import type { ErrorCode } from "../../../protocol/errors.js";
import { MAX_PTY_COLS, MAX_PTY_ROWS, MIN_PTY_COLS, MIN_PTY_ROWS } from "../../../protocol/limits.js";

/**
 * How terminal bytes travel, independent of the terminal widget: over a WebRTC data channel
 * to the agent (the product), or over the gateway's bench relay WebSocket (the reference
 * that `npm run bench` measures against).
 */

export interface PtySize {
  cols: number;
  rows: number;
}

export interface PtyExitStatus {
  exitCode: number | null;
  signal: number | null;
}

export interface PtyStreamHandlers {
  /** An attachment begins: clear the screen, because the replay that follows rebuilds it. */
  onReset(): void;
  onOutput(bytes: Uint8Array): void;
  /** The shell ended; the session is gone. */
  onExit(status: PtyExitStatus): void;
  /** The agent refused or dropped the session. */
  onError(code: ErrorCode, message: string): void;
}

/** One live attachment to a terminal session. Closing it detaches; the shell lives on. */
export interface PtyStream {
  /** Keyboard input or pasted text, as bytes. Queued while the stream is not ready. */
  write(bytes: Uint8Array<ArrayBuffer>): void;
  resize(size: PtySize): void;
  close(): void;
}

export interface PtyTransport {
  /** Attaches to the session; re-attaches by itself across reconnects until closed. */
  connect(size: PtySize, handlers: PtyStreamHandlers): PtyStream;
}

/** Keeps a size inside the protocol's bounds, which the agent enforces. */
export function clampSize({ cols, rows }: PtySize): PtySize {
  return {
    cols: Math.min(MAX_PTY_COLS, Math.max(MIN_PTY_COLS, Math.floor(cols))),
    rows: Math.min(MAX_PTY_ROWS, Math.max(MIN_PTY_ROWS, Math.floor(rows))),
  };
}

/**
 * The bytes of a binary message (binaryType "arraybuffer"), or null for text. Checked by
 * tag rather than instanceof so an ArrayBuffer from another realm still counts.
 */
export function binaryPayload(data: unknown): Uint8Array | null {
  return Object.prototype.toString.call(data) === "[object ArrayBuffer]" ? new Uint8Array(data as ArrayBuffer) : null;
}
