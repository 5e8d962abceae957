import type { z } from "zod";
import type { ControlHello, ControlToAgent, StreamError } from "../../../protocol/streams.js";
import { StreamKind } from "../../../protocol/streams.js";
import { parseControlMessage } from "./messages";

/**
 * How often to ping the agent. Often enough that the RTT shown is fresh, rare enough to be
 * noise next to a terminal's traffic (a few dozen bytes every 2 s).
 */
export const PING_INTERVAL_MS = 2000;

export type AgentInfo = z.infer<typeof ControlHello>;

export interface ControlEvents {
  onOpen(): void;
  onRtt(ms: number): void;
  onAgentHello(info: AgentInfo): void;
  onAgentError(error: StreamError): void;
  /** The channel closed while the connection should have kept it. */
  onClose(): void;
}

/**
 * The "control" data channel, one per peer connection: ping/pong for the round-trip time
 * and the agent's hello. It is created before the offer so the SDP always carries the
 * data-channel section every other stream reuses.
 */
export class ControlChannel {
  private readonly channel: RTCDataChannel;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private nextPingId = 1;
  private disposed = false;

  constructor(
    peer: RTCPeerConnection,
    private readonly events: ControlEvents,
  ) {
    this.channel = peer.createDataChannel("control", { protocol: StreamKind.control, ordered: true });
    this.channel.onopen = () => {
      if (this.disposed) return;
      this.ping();
      this.pingTimer = setInterval(() => this.ping(), PING_INTERVAL_MS);
      this.events.onOpen();
    };
    this.channel.onmessage = (event: MessageEvent) => {
      if (this.disposed || typeof event.data !== "string") return;
      this.onMessage(event.data);
    };
    this.channel.onclose = () => {
      if (this.disposed) return;
      this.stopPinging();
      this.events.onClose();
    };
  }

  private onMessage(text: string): void {
    const message = parseControlMessage(text);
    if (!message) return;
    switch (message.type) {
      case "pong":
        this.events.onRtt(performance.now() - message.sentAt);
        break;
      case "hello":
        this.events.onAgentHello(message);
        break;
      case "error":
        this.events.onAgentError(message);
        break;
    }
  }

  private ping(): void {
    if (this.channel.readyState !== "open") return;
    const ping: ControlToAgent = { type: "ping", id: this.nextPingId++, sentAt: performance.now() };
    this.channel.send(JSON.stringify(ping));
  }

  private stopPinging(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopPinging();
    this.channel.close();
  }
}
