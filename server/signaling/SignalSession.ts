import type { Logger } from "pino";
import type { RawData, WebSocket } from "ws";
import type { z } from "zod";
import type { PeerAnswer, PeerCandidate } from "../../protocol/agent.js";
import type { ErrorCode } from "../../protocol/errors.js";
import { BrowserSignal, type IceServer, type ServerSignal, SignalCloseCode } from "../../protocol/signaling.js";
import { PROTOCOL_VERSION } from "../../protocol/version.js";
import type { AgentHub } from "../agents/AgentHub.js";
import { parseTextMessage } from "../sockets/messages.js";

/**
 * How long the agent may take to answer an offer. Answering takes it milliseconds on a
 * healthy machine; past this the browser is better off told and retrying.
 */
export const AGENT_ANSWER_TIMEOUT_MS = 10_000;

export interface SignalSessionOptions {
  connectionId: string;
  workspaceId: string;
  username: string;
  iceServers: IceServer[];
  /**
   * For an app origin's socket: the grant each offer carries to the agent; null when none can
   * be made. Absent for the dashboard's sockets, whose offers carry none.
   */
  grant?: () => string | null;
  hub: AgentHub;
  log: Logger;
  onClosed: () => void;
}

/**
 * One browser signaling socket, i.e. one peer connection attempt: relays the offer to the
 * agent, the answer back, and candidates both ways. It stays open after the answer so ICE
 * restarts can use it, but the peer connection never depends on it.
 */
export class SignalSession {
  /** An offer went to the agent and its answer has not come back yet. */
  #awaitingAnswer = false;
  /** The agent answered at least once, i.e. a peer connection may exist on its side. */
  #answered = false;
  #answerTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly options: SignalSessionOptions,
  ) {
    socket.on("message", (data, isBinary) => this.#onMessage(data, isBinary));
    socket.on("close", () => this.#onClose());
  }

  get connectionId(): string {
    return this.options.connectionId;
  }

  get workspaceId(): string {
    return this.options.workspaceId;
  }

  start(): void {
    const { connectionId, iceServers } = this.options;
    this.#send({ type: "hello", protocolVersion: PROTOCOL_VERSION, connectionId, iceServers });
    if (!this.options.hub.isConnected(this.workspaceId)) this.#agentUnavailable();
  }

  /** A message from the agent about this connection. */
  fromAgent(message: z.infer<typeof PeerAnswer> | z.infer<typeof PeerCandidate>): void {
    if (message.type === "peer-candidate") {
      this.#send({ type: "candidate", candidate: message.candidate });
      return;
    }
    clearTimeout(this.#answerTimer);
    this.#answerTimer = undefined;
    this.#awaitingAnswer = false;
    this.#answered = true;
    this.#send({ type: "answer", sdp: message.sdp });
  }

  /** The agent reported a failure for this connection: tell the browser and end. */
  agentFailed(code: ErrorCode, message: string): void {
    this.#fail(code, message);
  }

  /**
   * The agent's socket closed. An attempt still waiting for its answer cannot succeed; an
   * answered one keeps its socket, since the peer connection may well outlive a blip.
   */
  agentGone(): void {
    if (this.#awaitingAnswer || !this.#answered) this.#agentUnavailable();
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    const parsed = parseTextMessage(BrowserSignal, data, isBinary);
    if (!parsed.ok) {
      this.#send({ type: "error", code: parsed.code, message: parsed.message });
      return;
    }
    const { connectionId, workspaceId, hub, iceServers, username } = this.options;
    const message = parsed.value;
    if (message.type === "offer") {
      const grant = this.options.grant?.();
      const offer = { type: "peer-offer", connectionId, sdp: message.sdp, iceServers, username } as const;
      if (grant === null || !hub.send(workspaceId, grant === undefined ? offer : { ...offer, grant })) {
        this.#agentUnavailable();
        return;
      }
      this.#awaitingAnswer = true;
      this.#answerTimer ??= setTimeout(() => this.#timedOut(), AGENT_ANSWER_TIMEOUT_MS);
      return;
    }
    if (!this.#awaitingAnswer && !this.#answered) {
      this.#send({ type: "error", code: "INVALID_REQUEST", message: "send the offer before candidates" });
      return;
    }
    if (!hub.send(workspaceId, { type: "peer-candidate", connectionId, candidate: message.candidate })) {
      this.#agentUnavailable();
    }
  }

  #timedOut(): void {
    this.#answerTimer = undefined;
    if (!this.#awaitingAnswer) return;
    this.#cancelOnAgent();
    this.#fail("AGENT_TIMEOUT", `The workspace agent did not answer within ${AGENT_ANSWER_TIMEOUT_MS / 1000} s.`);
  }

  #agentUnavailable(): void {
    this.#fail("AGENT_UNAVAILABLE", "The workspace agent is not connected; is the workspace running?");
  }

  #fail(code: ErrorCode, message: string): void {
    this.options.log.info({ connectionId: this.connectionId, workspaceId: this.workspaceId, code }, "signaling failed");
    this.#awaitingAnswer = false;
    this.#send({ type: "error", code, message });
    this.socket.close(SignalCloseCode.ERROR, code);
  }

  /** Lets the agent drop a half-made peer connection; an answered one is left alone. */
  #cancelOnAgent(): void {
    if (this.#answered) return;
    this.options.hub.send(this.workspaceId, { type: "peer-cancel", connectionId: this.connectionId });
  }

  #onClose(): void {
    clearTimeout(this.#answerTimer);
    if (this.#awaitingAnswer) this.#cancelOnAgent();
    this.options.onClosed();
  }

  #send(message: ServerSignal): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }
}
