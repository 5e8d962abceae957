import type { Socket } from "node:net";
import type { Logger } from "pino";
import type { RawData, WebSocket } from "ws";
import { decodeRelayFrame, encodeRelayFrame } from "../../protocol/relay.js";
import { SignalCloseCode } from "../../protocol/signaling.js";
import type { AgentHub } from "../agents/AgentHub.js";
import { rawToBuffer } from "../sockets/messages.js";
import type { SocketMeter } from "../sockets/SocketMeter.js";

const MAX_STREAM_ID = 0xffffffff;

export interface RelayTarget {
  /** The PTY session to attach to, and its initial size. */
  session: string;
  cols: number;
  rows: number;
}

interface RelayStream {
  workspaceId: string;
  socket: WebSocket;
}

/**
 * Bench mode only: the reverse-proxy reference that Gangway's direct connections are measured
 * against. Every terminal byte passes through here, multiplexed over the agent socket by a
 * stream id. Never enabled in normal operation.
 */
export class BenchRelay {
  readonly #streams = new Map<number, RelayStream>();
  #lastStreamId = 0;

  constructor(
    private readonly hub: AgentHub,
    private readonly meter: SocketMeter,
    private readonly log: Logger,
  ) {}

  accept(socket: WebSocket, tcp: Socket, workspaceId: string, target: RelayTarget): void {
    const streamId = this.#nextStreamId();
    const untrack = this.meter.track("relay", workspaceId, tcp);
    this.#streams.set(streamId, { workspaceId, socket });
    socket.on("message", (data: RawData) => {
      this.hub.sendBinary(workspaceId, encodeRelayFrame(streamId, rawToBuffer(data)));
    });
    socket.on("close", () => {
      untrack();
      if (this.#streams.delete(streamId)) this.hub.send(workspaceId, { type: "relay-close", streamId });
    });
    if (!this.hub.send(workspaceId, { type: "relay-open", streamId, ...target })) {
      this.#streams.delete(streamId);
      socket.close(SignalCloseCode.ERROR, "AGENT_UNAVAILABLE");
      return;
    }
    this.log.info({ workspaceId, streamId }, "bench relay opened");
  }

  /** An agent binary frame; true when it was a relay frame (delivered or for a stream that ended). */
  frame(workspaceId: string, frame: Buffer): boolean {
    const decoded = decodeRelayFrame(frame);
    if (!decoded) return false;
    const stream = this.#streams.get(decoded.streamId);
    if (stream?.workspaceId === workspaceId) stream.socket.send(decoded.payload);
    return true;
  }

  /** The agent ended a stream (e.g. the shell exited). */
  closedByAgent(workspaceId: string, streamId: number): void {
    const stream = this.#streams.get(streamId);
    if (stream?.workspaceId !== workspaceId) return;
    this.#streams.delete(streamId);
    stream.socket.close(1000, "relay closed by the agent");
  }

  agentGone(workspaceId: string): void {
    for (const [streamId, stream] of this.#streams) {
      if (stream.workspaceId !== workspaceId) continue;
      this.#streams.delete(streamId);
      stream.socket.close(SignalCloseCode.ERROR, "AGENT_UNAVAILABLE");
    }
  }

  close(): void {
    for (const stream of this.#streams.values()) stream.socket.close(1001, "gateway shutting down");
    this.#streams.clear();
  }

  #nextStreamId(): number {
    do {
      this.#lastStreamId = this.#lastStreamId >= MAX_STREAM_ID ? 1 : this.#lastStreamId + 1;
    } while (this.#streams.has(this.#lastStreamId));
    return this.#lastStreamId;
  }
}
