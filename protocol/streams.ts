import { z } from "zod";
import { ErrorCode } from "./errors.js";
import { MAX_PTY_COLS, MAX_PTY_ROWS, MIN_PTY_COLS, MIN_PTY_ROWS } from "./limits.js";

/**
 * Data channels between the browser and the agent. The browser opens every channel; the
 * channel's `protocol` string names its kind and its `label` carries its arguments as JSON.
 * A channel whose protocol is unknown or whose label does not parse is answered with one
 * `StreamError` text message and closed.
 *
 * Within a channel, text messages are JSON control messages and binary messages are raw
 * stream bytes.
 */

export const StreamKind = {
  /** One per peer connection, label "control": ping/pong for RTT and agent metadata. */
  control: "gangway.control.v1",
  /** One per terminal attachment; label is a `PtyLabel`. */
  pty: "gangway.pty.v1",
} as const;

/** Sent as a text message by either side before it closes a channel because of a failure. */
export const StreamError = z.object({ type: z.literal("error"), code: ErrorCode, message: z.string() });
export type StreamError = z.infer<typeof StreamError>;

// ---- control channel -------------------------------------------------------------------

/** Browser → agent: measure round-trip time. `sentAt` is the browser's clock, echoed back. */
export const ControlPing = z.object({ type: z.literal("ping"), id: z.number().int(), sentAt: z.number() });

/** Agent → browser: the echo of a ping. */
export const ControlPong = z.object({ type: z.literal("pong"), id: z.number().int(), sentAt: z.number() });

/** Agent → browser, once the channel opens: what is on the other end. */
export const ControlHello = z.object({
  type: z.literal("hello"),
  protocolVersion: z.number().int(),
  agentVersion: z.string(),
  hostname: z.string(),
  os: z.string(),
});

export const ControlToAgent = z.discriminatedUnion("type", [ControlPing]);
export type ControlToAgent = z.infer<typeof ControlToAgent>;
export const ControlToBrowser = z.discriminatedUnion("type", [ControlPong, ControlHello, StreamError]);
export type ControlToBrowser = z.infer<typeof ControlToBrowser>;

// ---- pty channel -----------------------------------------------------------------------

const Cols = z.number().int().min(MIN_PTY_COLS).max(MAX_PTY_COLS);
const Rows = z.number().int().min(MIN_PTY_ROWS).max(MAX_PTY_ROWS);

/**
 * The label of a pty channel: which terminal session to attach to (created if new) and the
 * terminal's size. The browser makes the session UUID and keeps it in the page URL.
 */
export const PtyLabel = z.object({ session: z.string().uuid(), cols: Cols, rows: Rows });
export type PtyLabel = z.infer<typeof PtyLabel>;

/** Browser → agent: the terminal was resized. (Input is sent as binary messages.) */
export const PtyResize = z.object({ type: z.literal("resize"), cols: Cols, rows: Rows });

/** Browser → agent: end the shell (the session is gone for every attachment). */
export const PtyTerminate = z.object({ type: z.literal("terminate") });

export const PtyToAgent = z.discriminatedUnion("type", [PtyResize, PtyTerminate]);
export type PtyToAgent = z.infer<typeof PtyToAgent>;

/**
 * Agent → browser, first message on a pty channel: attached. `replayBytes` of earlier
 * output follow as binary messages before live output, so the screen is rebuilt.
 */
export const PtyAttached = z.object({
  type: z.literal("attached"),
  session: z.string().uuid(),
  /** True when this attachment started a new shell. */
  created: z.boolean(),
  replayBytes: z.number().int().min(0),
});

/** Agent → browser: the shell exited; the session no longer exists. */
export const PtyExit = z.object({
  type: z.literal("exit"),
  exitCode: z.number().int().nullable(),
  signal: z.number().int().nullable(),
});

export const PtyToBrowser = z.discriminatedUnion("type", [PtyAttached, PtyExit, StreamError]);
export type PtyToBrowser = z.infer<typeof PtyToBrowser>;
