import type { Socket } from "node:net";
import type { Logger } from "pino";
import type { WebSocket } from "ws";
import { AgentCloseCode, type AgentPorts, type ServerToAgent } from "../../protocol/agent.js";
import type { WorkspaceConnection } from "../../protocol/rest.js";
import type { AppName } from "../../protocol/streams.js";
import { sha256Hex } from "../auth/tokens.js";
import type { SocketMeter } from "../sockets/SocketMeter.js";
import type { WorkspaceStore } from "../workspaces/WorkspaceStore.js";
import { AgentConnection, type AgentMessage } from "./AgentConnection.js";

/** Interval the agent is asked to send heartbeats at: well inside the ping period, cheap. */
export const AGENT_HEARTBEAT_INTERVAL_MS = 10_000;
/**
 * lastSeenAt is kept live in memory; the database copy only matters after a restart, so it
 * is written at most this often per agent to spare the disk a write per heartbeat.
 */
export const LAST_SEEN_WRITE_INTERVAL_MS = 60_000;
/** On shutdown, agents get this long to finish the closing handshake before their sockets are dropped. */
const SHUTDOWN_CLOSE_WAIT_MS = 1_000;

/** Where the hub delivers what agents send, apart from the handshake. */
export interface AgentRoutes {
  /** peer-answer, peer-candidate, error (signaling), relay-close (bench). */
  message(workspaceId: string, message: AgentMessage): void;
  /** A bench-relay binary frame; returns false when nothing takes binary frames. */
  binary(workspaceId: string, frame: Buffer): boolean;
  /** The workspace's agent socket closed. */
  agentGone(workspaceId: string): void;
}

/** What the dashboard shows about a connected agent. */
export interface LiveAgent {
  lastSeenAt: Date;
  version: string | null;
  /** Browsers connected peer-to-peer right now, with their paths (as the agent reports them). */
  connections: WorkspaceConnection[];
}

/** What a connected agent offers as apps: what it can start, and what the workspace listens on. */
export interface AgentApps {
  /** Apps the agent can start (its hello). */
  apps: readonly AppName[];
  /** Listening ports with their processes, as the agent last reported them (sorted by port). */
  ports: AgentPorts["ports"];
}

/**
 * Owns every agent socket: authenticates tokens, keeps one current connection per workspace
 * (a newer one replaces an older one), records presence, and routes messages.
 */
export class AgentHub {
  readonly #current = new Map<string, AgentConnection>();
  /** Every open connection, greeted or not, so a stop can close a socket mid-handshake too. */
  readonly #all = new Set<AgentConnection>();
  readonly #lastSeenWrite = new Map<string, number>();
  readonly #writes = new Set<Promise<unknown>>();
  readonly #closeWaiters = new Map<AgentConnection, () => void>();
  #routes: AgentRoutes | null = null;

  constructor(
    private readonly store: WorkspaceStore,
    private readonly meter: SocketMeter,
    private readonly log: Logger,
  ) {}

  /** Called once at start-up; the routes need the hub too, hence not a constructor argument. */
  route(routes: AgentRoutes): void {
    this.#routes = routes;
  }

  /** The workspace id a bearer token belongs to, or null for a missing, unknown or revoked token. */
  async authenticate(authorization: string | undefined): Promise<string | null> {
    const tokenHash = tokenHashOf(authorization);
    if (!tokenHash) return null;
    const workspace = await this.store.findByTokenHash(tokenHash);
    return workspace?.id ?? null;
  }

  /** Takes ownership of an agent socket whose `authorization` was authenticated before the upgrade. */
  accept(workspaceId: string, authorization: string | undefined, socket: WebSocket, tcp: Socket): void {
    const untrack = this.meter.track("agent", workspaceId, tcp);
    const identity = { workspaceId, tokenHash: tokenHashOf(authorization) ?? "" };
    const connection = new AgentConnection(identity, socket, this.#events(untrack), this.log);
    this.#all.add(connection);
  }

  isConnected(workspaceId: string): boolean {
    return this.#current.has(workspaceId);
  }

  live(workspaceId: string): LiveAgent | null {
    const connection = this.#current.get(workspaceId);
    return connection
      ? { lastSeenAt: connection.lastSeenAt, version: connection.version, connections: connection.connections }
      : null;
  }

  /** The workspace's apps as its agent reports them, or null while no agent is connected. */
  appsOf(workspaceId: string): AgentApps | null {
    const connection = this.#current.get(workspaceId);
    return connection ? { apps: connection.apps, ports: connection.ports } : null;
  }

  send(workspaceId: string, message: ServerToAgent): boolean {
    return this.#current.get(workspaceId)?.send(message) ?? false;
  }

  sendBinary(workspaceId: string, frame: Uint8Array): boolean {
    return this.#current.get(workspaceId)?.sendBinary(frame) ?? false;
  }

  /** Closes the workspace's agent sockets, e.g. after its token was revoked. */
  disconnect(workspaceId: string): void {
    for (const connection of this.#all) {
      if (connection.workspaceId === workspaceId) connection.close(AgentCloseCode.INVALID_TOKEN, "token revoked");
    }
  }

  /** Closes every agent socket (server shutdown); agents reconnect to the next server. */
  async close(): Promise<void> {
    const closed = [...this.#all].map(
      (connection) => new Promise<void>((resolve) => this.#closeWaiters.set(connection, resolve)),
    );
    for (const connection of this.#all) connection.close(1001, "gateway shutting down");
    const timer = setTimeout(() => {
      for (const connection of this.#all) connection.terminate();
    }, SHUTDOWN_CLOSE_WAIT_MS);
    await Promise.all(closed);
    clearTimeout(timer);
    await Promise.allSettled(this.#writes);
  }

  #events(untrack: () => void) {
    return {
      hello: (connection: AgentConnection) => this.#onHello(connection),
      message: (connection: AgentConnection, message: AgentMessage) => {
        if (this.#isCurrent(connection)) this.#routes?.message(connection.workspaceId, message);
      },
      binary: (connection: AgentConnection, frame: Buffer) => {
        if (!this.#isCurrent(connection)) return;
        if (this.#routes?.binary(connection.workspaceId, frame)) return;
        connection.send({
          type: "error",
          code: "INVALID_REQUEST",
          message: "binary frames are for the bench relay only",
        });
      },
      seen: (connection: AgentConnection) => this.#onSeen(connection),
      closed: (connection: AgentConnection) => {
        untrack();
        this.#onClosed(connection);
      },
    };
  }

  #isCurrent(connection: AgentConnection): boolean {
    return this.#current.get(connection.workspaceId) === connection;
  }

  /**
   * Checks the token again (a stop may have revoked it during the upgrade), then makes this
   * the workspace's current connection, replacing any older one.
   */
  #onHello(connection: AgentConnection): void {
    const { workspaceId } = connection;
    this.#write(workspaceId, async () => {
      const owner = await this.store.findByTokenHash(connection.tokenHash);
      if (!this.#all.has(connection)) return;
      if (owner?.id !== workspaceId) {
        connection.close(AgentCloseCode.INVALID_TOKEN, "token revoked");
        return;
      }
      const previous = this.#current.get(workspaceId);
      this.#current.set(workspaceId, connection);
      previous?.close(AgentCloseCode.REPLACED, "replaced by a newer connection");
      connection.send({ type: "welcome", workspaceId, heartbeatIntervalMs: AGENT_HEARTBEAT_INTERVAL_MS });
      this.log.info({ workspaceId, agentVersion: connection.version }, "agent connected");
      this.#lastSeenWrite.set(workspaceId, Date.now());
      await this.store.update(workspaceId, {
        agent_connected: 1,
        agent_version: connection.version,
        agent_last_seen_at: connection.lastSeenAt.toISOString(),
      });
      await this.store.transition(workspaceId, ["starting"], { status: "running", status_message: null });
    });
  }

  #onSeen(connection: AgentConnection): void {
    const { workspaceId } = connection;
    if (!this.#isCurrent(connection)) return;
    const last = this.#lastSeenWrite.get(workspaceId) ?? 0;
    if (Date.now() - last < LAST_SEEN_WRITE_INTERVAL_MS) return;
    this.#lastSeenWrite.set(workspaceId, Date.now());
    const seen = connection.lastSeenAt.toISOString();
    this.#write(workspaceId, () => this.store.update(workspaceId, { agent_last_seen_at: seen }));
  }

  #onClosed(connection: AgentConnection): void {
    this.#all.delete(connection);
    this.#closeWaiters.get(connection)?.();
    this.#closeWaiters.delete(connection);
    if (!this.#isCurrent(connection)) return;
    const { workspaceId } = connection;
    this.#current.delete(workspaceId);
    this.#lastSeenWrite.delete(workspaceId);
    this.log.info({ workspaceId }, "agent disconnected");
    const seen = connection.lastSeenAt.toISOString();
    this.#write(workspaceId, () => this.store.update(workspaceId, { agent_connected: 0, agent_last_seen_at: seen }));
    this.#routes?.agentGone(workspaceId);
  }

  /** Database work for a socket event: a failure is logged, never thrown into a socket handler. */
  #write(workspaceId: string, write: () => Promise<unknown>): void {
    const pending = write()
      .catch((err: unknown) => this.log.error({ err, workspaceId }, "could not record agent state"))
      .finally(() => this.#writes.delete(pending));
    this.#writes.add(pending);
  }
}

/** sha256 of the bearer token in an Authorization header, or null when there is none. */
function tokenHashOf(authorization: string | undefined): string | null {
  const token = /^Bearer ([A-Za-z0-9_-]{1,128})$/.exec(authorization ?? "")?.[1];
  return token ? sha256Hex(token) : null;
}
