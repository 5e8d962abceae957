import type { Logger } from "pino";
import WebSocket from "ws";
import type { z } from "zod";
import { AgentCloseCode, type AgentToServer, type AgentWelcome, ServerToAgent } from "../../protocol/agent.js";
import { MAX_SIGNAL_MESSAGE_BYTES } from "../../protocol/limits.js";
import type { AppName } from "../../protocol/streams.js";
import { PROTOCOL_VERSION } from "../../protocol/version.js";
import { parseMessage } from "../parseMessage.js";
import { agentSocketUrl } from "./agentSocketUrl.js";
import { Backoff, type BackoffOptions } from "./Backoff.js";

/** TCP + TLS + upgrade; a gateway that has not answered by then counts as down. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

/** The gateway answers `hello` at once; silence this long after it means a wedged gateway. */
const WELCOME_TIMEOUT_MS = 10_000;

/**
 * A connection that lived this long was healthy, so the next failure backs off from the
 * start again. It is longer than the largest delay, so a connect-then-drop loop (a gateway
 * that accepts and immediately closes) still backs off instead of spinning.
 */
const STABLE_CONNECTION_MS = 30_000;

/**
 * Heartbeat intervals without hearing from the gateway (a message or a pong) before the
 * socket counts as dead. Catches half-open TCP (a NAT that dropped the flow) that would
 * otherwise sit silent for the kernel's ~15-minute retransmission timeout.
 */
const MISSED_HEARTBEATS_BEFORE_DEAD = 3;

/**
 * Largest frame accepted. Signaling messages stay under 64 KiB; bench-relay frames carry
 * keystrokes and pastes. 1 MiB bounds what one frame can make the agent buffer.
 */
const MAX_INCOMING_FRAME_BYTES = 1024 * 1024;

/** dispose() waits this long for the close handshake, then drops the connection. */
const CLOSE_TIMEOUT_MS = 2_000;

export type GatewayMessage = Exclude<ServerToAgent, { type: "welcome" }>;
export type Welcome = z.infer<typeof AgentWelcome>;

export interface GatewayHandlers {
  /** Every valid message from the gateway except `welcome`, which the socket handles. */
  onMessage(message: GatewayMessage): void;
  /** A binary frame: bench-relay data (`protocol/relay.ts`). */
  onBinary(frame: Uint8Array): void;
  onConnected?(welcome: Welcome): void;
  /** The socket closed after a welcome; everything carried over it (relay streams) is gone. */
  onDisconnected?(): void;
}

export interface GatewaySocketOptions {
  readonly gatewayUrl: URL;
  /** The agent's secret. Sent only in the Authorization header, never logged. */
  readonly token: string;
  readonly agentVersion: string;
  /** Apps the agent can start, asked at every hello (code-server may be installed meanwhile); none when absent. */
  readonly apps?: () => AppName[];
  readonly logger: Logger;
  readonly handlers: GatewayHandlers;
  readonly backoff?: BackoffOptions;
}

/**
 * The control-plane socket the agent dials out to the gateway and keeps forever: hello,
 * welcome, heartbeats, reconnect with backoff. Peers never depend on it being up.
 */
export class GatewaySocket {
  private socket: WebSocket | null = null;
  private welcomed = false;
  private openedAt = 0;
  private lastHeardAt = 0;
  /** Why the last attempt failed, logged once with the close instead of as a second line. */
  private lastError: string | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private welcomeTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private disposed = false;
  private readonly backoff: Backoff;
  private readonly url: URL;
  private readonly logger: Logger;

  constructor(private readonly options: GatewaySocketOptions) {
    this.backoff = new Backoff(options.backoff);
    this.url = agentSocketUrl(options.gatewayUrl);
    this.logger = options.logger.child({ gateway: this.url.origin });
  }

  start(): void {
    if (!this.socket && !this.reconnectTimer && !this.disposed) this.connect();
  }

  /** True between welcome and close. */
  get isReady(): boolean {
    return this.welcomed && this.socket?.readyState === WebSocket.OPEN;
  }

  /** Sends a JSON message; false (and dropped) while the socket is not open. */
  send(message: AgentToServer): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Sends a binary frame; `onFlushed` runs once it left the process (or failed). False when not open. */
  sendBinary(frame: Uint8Array, onFlushed: (error?: Error) => void): boolean {
    if (!this.isReady || !this.socket) return false;
    this.socket.send(frame, { binary: true }, onFlushed);
    return true;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.clearTimers();
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => socket.terminate(), CLOSE_TIMEOUT_MS);
      socket.once("close", () => {
        clearTimeout(force);
        resolve();
      });
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else socket.close(1000, "agent shutting down");
    });
  }

  private connect(): void {
    this.reconnectTimer = null;
    this.logger.debug({ url: this.url.href }, "connecting to gateway");
    const socket = new WebSocket(this.url, {
      headers: { Authorization: `Bearer ${this.options.token}` },
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
      maxPayload: MAX_INCOMING_FRAME_BYTES,
    });
    this.socket = socket;
    socket.on("open", () => this.handleOpen());
    socket.on("message", (data, isBinary) => this.handleFrame(toBuffer(data), isBinary));
    socket.on("pong", () => this.heard());
    socket.on("error", (error) => {
      this.lastError = error.message;
    });
    socket.on("close", (code, reason) => this.handleClose(socket, code, reason.toString()));
  }

  private handleOpen(): void {
    this.openedAt = Date.now();
    this.heard();
    const apps = this.options.apps?.() ?? [];
    this.send({ type: "hello", protocolVersion: PROTOCOL_VERSION, version: this.options.agentVersion, apps });
    this.welcomeTimer = setTimeout(() => {
      this.logger.warn("gateway did not welcome the agent in time; reconnecting");
      this.socket?.terminate();
    }, WELCOME_TIMEOUT_MS);
  }

  private handleFrame(data: Buffer, isBinary: boolean): void {
    this.heard();
    if (isBinary) {
      this.dispatch(() => this.options.handlers.onBinary(new Uint8Array(data)));
      return;
    }
    const parsed = parseMessage(data.toString("utf8"), ServerToAgent, MAX_SIGNAL_MESSAGE_BYTES);
    if (!parsed.ok) {
      this.logger.warn({ failure: parsed.failure }, "invalid message from gateway");
      this.send({ type: "error", ...parsed.failure });
      return;
    }
    const message = parsed.value;
    if (message.type === "welcome") this.handleWelcome(message);
    else this.dispatch(() => this.options.handlers.onMessage(message));
  }

  private handleWelcome(welcome: Welcome): void {
    if (this.welcomeTimer) clearTimeout(this.welcomeTimer);
    this.welcomeTimer = null;
    this.welcomed = true;
    this.logger.info({ workspaceId: welcome.workspaceId }, "connected to gateway");
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = setInterval(() => this.beat(welcome.heartbeatIntervalMs), welcome.heartbeatIntervalMs);
    this.dispatch(() => this.options.handlers.onConnected?.(welcome));
  }

  private beat(intervalMs: number): void {
    if (Date.now() - this.lastHeardAt > intervalMs * MISSED_HEARTBEATS_BEFORE_DEAD) {
      this.logger.warn("gateway went silent; reconnecting");
      this.socket?.terminate();
      return;
    }
    this.send({ type: "heartbeat" });
    this.socket?.ping();
  }

  private handleClose(socket: WebSocket, code: number, reason: string): void {
    if (socket !== this.socket) return;
    const wasWelcomed = this.welcomed;
    const lived = this.openedAt > 0 ? Date.now() - this.openedAt : 0;
    this.socket = null;
    this.welcomed = false;
    this.openedAt = 0;
    this.clearTimers();
    if (wasWelcomed) this.dispatch(() => this.options.handlers.onDisconnected?.());
    if (this.disposed) return;
    if (lived >= STABLE_CONNECTION_MS) this.backoff.reset();
    const delayMs = this.backoff.next();
    const error = this.lastError;
    this.lastError = null;
    this.logger.warn({ code, reason: reason.slice(0, 200), error, retryInMs: delayMs }, closeSentence(code));
    this.reconnectTimer = setTimeout(() => this.connect(), delayMs);
  }

  private heard(): void {
    this.lastHeardAt = Date.now();
  }

  /** A handler's bug must not take the control plane down with it. */
  private dispatch(handler: () => void): void {
    try {
      handler();
    } catch (error) {
      this.logger.error({ err: error }, "gateway message handler failed");
    }
  }

  private clearTimers(): void {
    for (const timer of [this.reconnectTimer, this.welcomeTimer]) if (timer) clearTimeout(timer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.reconnectTimer = null;
    this.welcomeTimer = null;
    this.heartbeatTimer = null;
  }
}

function closeSentence(code: number): string {
  if (code === AgentCloseCode.INVALID_TOKEN) return "gateway refused the agent token; retrying";
  if (code === AgentCloseCode.PROTOCOL_MISMATCH) return "gateway speaks another protocol version; retrying";
  if (code === AgentCloseCode.REPLACED) return "another agent with this token replaced this one; retrying";
  return "gateway socket closed; reconnecting";
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
