import { z } from "zod";
import { ErrorCode } from "./errors.js";
import {
  MAX_HTTP_HEAD_BYTES,
  MAX_PTY_COLS,
  MAX_PTY_ROWS,
  MAX_WS_CLOSE_REASON_BYTES,
  MIN_PTY_COLS,
  MIN_PTY_ROWS,
} from "./limits.js";

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
  /** HTTP requests to one workspace port, one at a time, channel reused; label: `AppTarget`. */
  http: "gangway.http.v1",
  /** One WebSocket to a workspace port; label: `WsLabel`. */
  ws: "gangway.ws.v1",
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

// ---- apps: http and ws channels ------------------------------------------------------------
//
// The agent performs what these channels carry against 127.0.0.1:<port> inside the
// workspace; the port comes from the label, so one channel talks to one app. No message
// names a host: a target off the loopback interface cannot be expressed.

/** Apps the agent starts on demand; a target naming one resolves to the port it listens on. */
export const AppName = z.enum(["code-server"]);
export type AppName = z.infer<typeof AppName>;

const Port = z.number().int().min(1).max(65535);

/** Where an app channel's requests go: a workspace port, or an app the agent starts. */
export const AppTarget = z.union([z.strictObject({ port: Port }), z.strictObject({ app: AppName })]);
export type AppTarget = z.infer<typeof AppTarget>;

/** An HTTP token (RFC 9110): header names and methods. */
const Token = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "not an HTTP token");

/**
 * Header fields in order, duplicates kept (`set-cookie`), as `[name, value]` pairs. Values
 * are what Node accepts: tab, printable ASCII and Latin-1, no other control characters.
 * Together with the path they stay within `MAX_HTTP_HEAD_BYTES`, or the head is refused
 * with MESSAGE_TOO_LARGE.
 */
export const HttpHeaders = z.array(
  z.tuple([Token, z.string().regex(/^[\t -~\u0080-\u00ff]*$/, "header value has a control character")]),
);
export type HttpHeaders = z.infer<typeof HttpHeaders>;

/** An origin-form request target: "/" then printable ASCII (browsers percent-encode the rest). */
const RequestPath = z
  .string()
  .max(MAX_HTTP_HEAD_BYTES)
  .regex(/^\/[!-~]*$/, 'not a path starting with "/" in printable ASCII');

/**
 * Browser → agent on an `http` channel: start a request. Only when the channel is idle (new,
 * or both sides ended the previous exchange). The agent drops hop-by-hop headers, sets
 * `Host` to 127.0.0.1:<port> and an `Origin`, if any, to http://127.0.0.1:<port>, so the
 * app sees a same-origin request from a local browser. Body bytes follow as binary
 * messages, at most `APP_UPLOAD_WINDOW_BYTES` beyond the last `AppAck`, then `HttpEnd`.
 */
export const HttpRequestHead = z.object({
  type: z.literal("request"),
  /** Any token but CONNECT (tunnels are the `tcp` kind's job). */
  method: Token.refine((method) => method.toUpperCase() !== "CONNECT", "CONNECT is not proxied"),
  path: RequestPath,
  headers: HttpHeaders,
});
export type HttpRequestHead = z.infer<typeof HttpRequestHead>;

/**
 * Either direction on an `http` channel: this side's half of the exchange is complete.
 * Browser → agent: the request body ended. It is sent for every request, also without a
 * body, and also after an agent `error` ended the exchange early (the browser stops
 * sending body then). Agent → browser: the response body ended.
 *
 * An exchange is over once the agent sent `end` or `error` and the browser sent `end`; the
 * next `request` may follow on the same channel. To abandon a request, close the channel.
 */
export const HttpEnd = z.object({ type: z.literal("end") });

/**
 * Agent → browser: the response status and headers (hop-by-hop ones removed; redirects are
 * not followed). Body bytes follow as binary messages of at most `MAX_CHANNEL_MESSAGE_BYTES`,
 * then `HttpEnd`, or a `StreamError` if the app failed mid-body.
 */
export const HttpResponseHead = z.object({
  type: z.literal("response"),
  status: z.number().int().min(200).max(599),
  statusText: z.string(),
  headers: HttpHeaders,
});
export type HttpResponseHead = z.infer<typeof HttpResponseHead>;

/**
 * Agent → browser, on `http` and `ws` channels: `bytes` of upload (request body, or ws
 * frame messages including their flag byte) in total since the exchange or socket began
 * were handed to the app. The browser may send up to `APP_UPLOAD_WINDOW_BYTES` beyond it.
 */
export const AppAck = z.object({ type: z.literal("ack"), bytes: z.number().int().min(0) });

/**
 * Browser → agent on an `http` channel, `AppAck` the other way round: `bytes` of the current
 * response body in total were consumed by the page. The agent sends at most
 * `APP_DOWNLOAD_WINDOW_BYTES` beyond it, so a slow reader bounds the tab's memory.
 */
export const HttpToAgent = z.discriminatedUnion("type", [HttpRequestHead, HttpEnd, AppAck]);
export type HttpToAgent = z.infer<typeof HttpToAgent>;

/**
 * `StreamError` codes on an `http` channel, each ending the exchange (the channel stays
 * usable unless the browser broke the protocol, in which case the agent closes it):
 * INVALID_REQUEST (a head the schema refuses, a message out of turn), MESSAGE_TOO_LARGE (a
 * head over `MAX_HTTP_HEAD_BYTES`, an upload beyond the window), NOT_FOUND (an app this
 * agent does not run), PROVIDER_ERROR (nothing answers on the port, the app failed to start,
 * or it broke the connection).
 */
export const HttpToBrowser = z.discriminatedUnion("type", [HttpResponseHead, AppAck, HttpEnd, StreamError]);
export type HttpToBrowser = z.infer<typeof HttpToBrowser>;

/**
 * The label of a `ws` channel: one WebSocket to ws://127.0.0.1:<port><path>. Headers get
 * the same treatment as an HTTP request's; the handshake's own headers (`Sec-WebSocket-*`,
 * `Upgrade`, `Connection`) are the agent's to make.
 */
const WsOpening = {
  path: RequestPath,
  /** Subprotocols offered, as in `new WebSocket(url, protocols)`. */
  protocols: z.array(Token).max(32).default([]),
  headers: HttpHeaders.default([]),
};
export const WsLabel = z.union([
  z.strictObject({ port: Port, ...WsOpening }),
  z.strictObject({ app: AppName, ...WsOpening }),
]);
export type WsLabel = z.infer<typeof WsLabel>;

/**
 * The first byte of every binary message on a `ws` channel (both directions); the frame's
 * bytes follow. A WebSocket message longer than one data-channel message is split into
 * fragments with `WS_FRAGMENT_CONTINUES` set on all but the last; every fragment of a message
 * carries the same `WS_FRAGMENT_TEXT` bit. Text messages on the channel are always JSON
 * control messages, never frames.
 */
export const WS_FRAGMENT_TEXT = 0x01;
/** Set on every fragment but the last of a WebSocket message. */
export const WS_FRAGMENT_CONTINUES = 0x02;

/** Agent → browser: the app accepted the WebSocket; frames may flow both ways from now on. */
export const WsOpen = z.object({
  type: z.literal("open"),
  /** The subprotocol the app chose, "" for none. */
  protocol: z.string(),
  /** The extensions the agent and the app agreed on (informational), "" for none. */
  extensions: z.string(),
});

const CloseReason = z.string().refine((reason) => utf8Length(reason) <= MAX_WS_CLOSE_REASON_BYTES, "reason too long");

/** UTF-8 length without TextEncoder, which this folder's runtime-neutral lib lacks. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * Browser → agent: close the WebSocket, as `WebSocket.close(code, reason)` (the same codes
 * are allowed; without a code the close frame carries no status and no reason). The agent
 * answers with `WsClose` once the app completed the closing handshake, or at once with 1006
 * if the app had not accepted the WebSocket yet. Frames the browser sends after it are dropped.
 */
export const WsCloseRequest = z.object({
  type: z.literal("close"),
  code: z
    .number()
    .int()
    .refine((code) => code === 1000 || (code >= 3000 && code <= 4999), "close code must be 1000 or 3000-4999")
    .optional(),
  reason: CloseReason.default(""),
});

/**
 * Agent → browser, last message on a `ws` channel: the WebSocket closed with this code
 * (1005: the app sent none; 1006: the connection broke without a closing handshake). The
 * agent closes the channel after it.
 */
export const WsClose = z.object({
  type: z.literal("close"),
  code: z.number().int().min(1000).max(4999),
  reason: z.string(),
});

export const WsToAgent = z.discriminatedUnion("type", [WsCloseRequest]);
export type WsToAgent = z.infer<typeof WsToAgent>;

/**
 * `StreamError` on a `ws` channel ends it: INVALID_REQUEST (bad label, a frame before `open`),
 * MESSAGE_TOO_LARGE (a head over `MAX_HTTP_HEAD_BYTES`, an upload beyond the window),
 * NOT_FOUND (an unknown app), PROVIDER_ERROR (the app refused or failed the handshake).
 */
export const WsToBrowser = z.discriminatedUnion("type", [WsOpen, AppAck, WsClose, StreamError]);
export type WsToBrowser = z.infer<typeof WsToBrowser>;
