import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import type { Logger } from "pino";
import type { WebSocket } from "ws";
import type { AgentMessage } from "../agents/AgentConnection.js";
import type { AgentHub } from "../agents/AgentHub.js";
import type { IceServerIssuer } from "../ice/IceServerIssuer.js";
import type { SocketMeter } from "../sockets/SocketMeter.js";
import { SignalSession } from "./SignalSession.js";

/** Who connects to which workspace; authorized before the upgrade. */
export interface SignalTarget {
  workspaceId: string;
  userId: string;
  username: string;
  /** TURN servers of the workspace's provider region (may be empty). */
  providerTurnUrls: readonly string[];
  /**
   * Set for a socket from an app origin (docs/adr/0007-app-origins.md): the app, and the grant
   * its offers carry, made per offer for the connection id (null when none can be made).
   */
  app?: { slug: string; grant: (connectionId: string) => string | null };
}

/**
 * Owns every browser signaling socket and routes the agents' signaling replies to them by
 * connection id. Authentication, Origin and ownership were checked before the upgrade.
 */
export class SignalingBroker {
  readonly #sessions = new Map<string, SignalSession>();

  constructor(
    private readonly hub: AgentHub,
    private readonly meter: SocketMeter,
    private readonly ice: IceServerIssuer,
    private readonly log: Logger,
  ) {}

  accept(socket: WebSocket, tcp: Socket, target: SignalTarget): void {
    const { workspaceId, username } = target;
    const connectionId = randomUUID();
    const untrack = this.meter.track("signaling", workspaceId, tcp);
    const session = new SignalSession(socket, {
      connectionId,
      workspaceId,
      username,
      iceServers: this.ice.issue({ userId: target.userId, providerTurnUrls: target.providerTurnUrls }),
      grant: target.app ? () => target.app?.grant(connectionId) ?? null : undefined,
      hub: this.hub,
      log: this.log,
      onClosed: () => {
        untrack();
        this.#sessions.delete(connectionId);
      },
    });
    this.#sessions.set(connectionId, session);
    this.log.info({ connectionId, workspaceId, username, app: target.app?.slug }, "signaling socket opened");
    session.start();
  }

  /** A signaling message from an agent; it may only reach sessions of its own workspace. */
  fromAgent(workspaceId: string, message: Exclude<AgentMessage, { type: "relay-close" }>): void {
    const session = message.connectionId ? this.#sessions.get(message.connectionId) : undefined;
    if (!session || session.workspaceId !== workspaceId) {
      if (message.type === "error")
        this.log.warn({ workspaceId, code: message.code }, `agent error: ${message.message}`);
      return;
    }
    if (message.type === "error") session.agentFailed(message.code, message.message);
    else session.fromAgent(message);
  }

  agentGone(workspaceId: string): void {
    for (const session of this.#sessions.values()) {
      if (session.workspaceId === workspaceId) session.agentGone();
    }
  }

  /** Closes every signaling socket (shutdown); established peer connections carry on. */
  close(): void {
    for (const session of this.#sessions.values()) session.close(1001, "gateway shutting down");
  }
}
