import type { Logger } from "pino";
import type { RawData, WebSocket } from "ws";
import type { z } from "zod";
import {
  AgentCloseCode,
  type AgentError,
  type AgentHello,
  type AgentPorts,
  AgentToServer,
  type ServerToAgent,
} from "../../protocol/agent.js";
import type { ErrorCode } from "../../protocol/errors.js";
import type { WorkspaceConnection } from "../../protocol/rest.js";
import type { AppName } from "../../protocol/streams.js";
import { PROTOCOL_VERSION } from "../../protocol/version.js";
import { parseTextMessage, rawToBuffer } from "../sockets/messages.js";

/** An agent that connects but does not say hello in this time is a confused client, not an agent. */
export const AGENT_HELLO_TIMEOUT_MS = 10_000;

/**
 * WebSocket ping period. A socket that has not answered (or sent anything) for a whole period
 * is dead (laptop asleep, NAT dropped it) and is terminated, so the dashboard stops showing
 * the agent as connected within two periods.
 */
export const AGENT_PING_INTERVAL_MS = 20_000;

type Hello = z.infer<typeof AgentHello>;
/** Messages after the handshake that the hub routes elsewhere. */
export type AgentMessage = Exclude<AgentToServer, { type: "hello" | "heartbeat" | "peer-paths" | "ports" }>;

export interface AgentConnectionEvents {
  hello(connection: AgentConnection, hello: Hello): void;
  message(connection: AgentConnection, message: AgentMessage): void;
  binary(connection: AgentConnection, frame: Buffer): void;
  seen(connection: AgentConnection): void;
  closed(connection: AgentConnection): void;
}

/** One agent socket: its handshake, parsing, liveness checks and sending. */
export class AgentConnection {
  version: string | null = null;
  /** Apps the agent can start (from its hello). */
  apps: readonly AppName[] = [];
  /** The workspace's listening ports, as the agent last reported them. */
  ports: AgentPorts["ports"] = [];
  lastSeenAt = new Date();
  /** The agent's connected browsers and their network paths, as it last reported them. */
  connections: WorkspaceConnection[] = [];
  #greeted = false;
  #heardSincePing = true;
  readonly #helloTimer: NodeJS.Timeout;
  readonly #pingTimer: NodeJS.Timeout;

  readonly workspaceId: string;
  /** sha256 of the token the agent authenticated with, re-checked at hello. */
  readonly tokenHash: string;

  constructor(
    identity: { workspaceId: string; tokenHash: string },
    private readonly socket: WebSocket,
    private readonly events: AgentConnectionEvents,
    private readonly log: Logger,
  ) {
    this.workspaceId = identity.workspaceId;
    this.tokenHash = identity.tokenHash;
    this.#helloTimer = setTimeout(() => {
      this.#sendError("PROTOCOL_MISMATCH", `no hello within ${AGENT_HELLO_TIMEOUT_MS} ms`);
      this.close(AgentCloseCode.PROTOCOL_MISMATCH, "no hello");
    }, AGENT_HELLO_TIMEOUT_MS);
    this.#pingTimer = setInterval(() => this.#checkAlive(), AGENT_PING_INTERVAL_MS);
    socket.on("message", (data, isBinary) => this.#onMessage(data, isBinary));
    socket.on("pong", () => this.#heard());
    socket.on("close", () => this.#onClose());
  }

  send(message: ServerToAgent): boolean {
    if (this.socket.readyState !== this.socket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  sendBinary(frame: Uint8Array): boolean {
    if (this.socket.readyState !== this.socket.OPEN) return false;
    this.socket.send(frame);
    return true;
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  /** Drops the socket without a closing handshake (shutdown stragglers). */
  terminate(): void {
    this.socket.terminate();
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    this.#heard();
    if (isBinary && this.#greeted) {
      this.events.binary(this, rawToBuffer(data));
      return;
    }
    const parsed = parseTextMessage(AgentToServer, data, isBinary);
    if (!parsed.ok) {
      this.#sendError(parsed.code, parsed.message);
      return;
    }
    const message = parsed.value;
    if (message.type === "hello") this.#onHello(message);
    else if (!this.#greeted) this.#sendError("INVALID_REQUEST", "send hello first");
    else if (message.type === "peer-paths") this.connections = message.connections.map(withoutConnectionId);
    else if (message.type === "ports") this.ports = message.ports;
    else if (message.type !== "heartbeat") this.events.message(this, message);
  }

  #onHello(hello: Hello): void {
    if (this.#greeted) {
      this.#sendError("INVALID_REQUEST", "hello was already received");
      return;
    }
    clearTimeout(this.#helloTimer);
    if (hello.protocolVersion !== PROTOCOL_VERSION) {
      this.#sendError(
        "PROTOCOL_MISMATCH",
        `this gateway speaks protocol ${PROTOCOL_VERSION}, the agent ${hello.protocolVersion}`,
      );
      this.close(AgentCloseCode.PROTOCOL_MISMATCH, "protocol mismatch");
      return;
    }
    this.#greeted = true;
    this.version = hello.version;
    this.apps = hello.apps;
    this.events.hello(this, hello);
  }

  #heard(): void {
    this.#heardSincePing = true;
    this.lastSeenAt = new Date();
    if (this.#greeted) this.events.seen(this);
  }

  #checkAlive(): void {
    if (!this.#heardSincePing) {
      this.log.warn({ workspaceId: this.workspaceId }, "agent socket went silent; terminating it");
      this.socket.terminate();
      return;
    }
    this.#heardSincePing = false;
    this.socket.ping();
  }

  #sendError(code: ErrorCode, message: string): void {
    const error: z.infer<typeof AgentError> = { type: "error", code, message };
    this.send(error);
  }

  #onClose(): void {
    clearTimeout(this.#helloTimer);
    clearInterval(this.#pingTimer);
    this.events.closed(this);
  }
}

/** Connection ids name attempts in logs; the API shows paths, not ids browsers could correlate. */
function withoutConnectionId({ connectionId: _, ...connection }: WorkspaceConnection & { connectionId: string }) {
  return connection;
}
