import nodeDataChannel, { type DataChannel, type PeerConnection } from "node-datachannel";
import type { Logger } from "pino";
import type { z } from "zod";
import type { AgentToServer, PeerOffer } from "../../protocol/agent.js";
import type { CandidateType, WorkspaceConnection } from "../../protocol/rest.js";
import type { IceCandidate } from "../../protocol/signaling.js";
import { guarded } from "../guarded.js";
import { fail, ok, type Result } from "../result.js";
import { closeChannel } from "../streams/channelIo.js";
import type { PeerScope } from "../streams/channelScope.js";
import { openStream, type StreamDependencies } from "../streams/openStream.js";
import type { StreamHandler } from "../streams/StreamHandler.js";
import { toNodeDatachannelIceServers } from "./iceServers.js";

/**
 * A peer that has not connected by then was abandoned (the browser left without a
 * peer-cancel). Set-up takes ~100 ms on loopback and a few seconds through a distant TURN.
 */
const CONNECT_TIMEOUT_MS = 30_000;

/**
 * A disconnected peer gets this long to come back (a laptop switching networks); ICE consent
 * checks usually declare it failed sooner, this only bounds what they miss.
 */
const DISCONNECTED_GRACE_MS = 30_000;

/** Chrome allows 1,024 channels per connection; more from one peer is a bug or an attack. */
const MAX_CHANNELS_PER_PEER = 1024;

/**
 * libdatachannel accepts 64 KiB messages by default and drops larger ones silently. Accepting
 * Chrome's own limit (256 KiB) lets the agent answer MESSAGE_TOO_LARGE instead.
 */
const RECEIVE_MAX_MESSAGE_BYTES = 256 * 1024;

export type PeerOfferMessage = z.infer<typeof PeerOffer>;

export interface AgentPeerOptions {
  readonly offer: PeerOfferMessage;
  /** Sends to the gateway; messages are dropped while the gateway socket is down. */
  readonly signal: (message: AgentToServer) => void;
  readonly streams: StreamDependencies;
  /** What the peer may open: everything, or the one app its grant names. */
  readonly scope: PeerScope;
  readonly logger: Logger;
  /** Called once, when the peer closed for any reason. */
  readonly onGone: (peer: AgentPeer) => void;
  /** Called each time ICE, DTLS and SCTP are up (again). */
  readonly onConnected?: (peer: AgentPeer) => void;
}

/**
 * One browser's peer connection: answers its offer, trickles candidates, and owns every data
 * channel the browser opens on it. It never depends on the gateway socket once connected.
 */
export class AgentPeer {
  readonly connectionId: string;
  /** node-datachannel stops delivering to a channel that was garbage-collected: these hold them. */
  private readonly streams = new Set<StreamHandler>();
  private readonly logger: Logger;
  private everConnected = false;
  private connectedAt: Date | null = null;
  private closed = false;
  private connectTimer: NodeJS.Timeout | null = null;
  private disconnectedTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly peer: PeerConnection,
    private readonly options: AgentPeerOptions,
  ) {
    this.connectionId = options.offer.connectionId;
    this.logger = options.logger;
  }

  static open(options: AgentPeerOptions): Result<AgentPeer> {
    const { connectionId, iceServers, sdp } = options.offer;
    const logger = options.logger.child({ connectionId });
    const { servers, skipped } = toNodeDatachannelIceServers(iceServers);
    if (skipped.length > 0) logger.info({ skipped }, "ICE servers not used by this agent");
    let peer: PeerConnection;
    try {
      peer = new nodeDataChannel.PeerConnection(`gangway-${connectionId}`, {
        iceServers: servers,
        maxMessageSize: RECEIVE_MAX_MESSAGE_BYTES,
      });
    } catch (error) {
      logger.error({ err: error }, "could not create peer connection");
      return fail("INTERNAL", "the agent could not create a peer connection");
    }
    const agentPeer = new AgentPeer(peer, { ...options, logger });
    agentPeer.listen();
    try {
      peer.setRemoteDescription(sdp, "offer");
    } catch (error) {
      logger.info({ err: error }, "refusing an invalid offer");
      agentPeer.close();
      return fail("INVALID_REQUEST", "the offer's SDP was refused");
    }
    agentPeer.connectTimer = setTimeout(() => agentPeer.handleConnectTimeout(), CONNECT_TIMEOUT_MS);
    logger.info({ username: options.offer.username, app: options.scope }, "peer offer answered");
    return ok(agentPeer);
  }

  get isConnected(): boolean {
    return this.peer.state() === "connected";
  }

  get channelCount(): number {
    return this.streams.size;
  }

  /** The network path of this connection (libjuice's selected candidate pair); null unless connected. */
  path(): WorkspaceConnection | null {
    if (this.closed || !this.connectedAt || this.peer.state() !== "connected") return null;
    let pair: ReturnType<PeerConnection["getSelectedCandidatePair"]>;
    try {
      pair = this.peer.getSelectedCandidatePair();
    } catch {
      return null;
    }
    if (!pair) return null;
    const agentCandidate = candidateType(pair.local.type);
    const browserCandidate = candidateType(pair.remote.type);
    return {
      path: agentCandidate === "relay" || browserCandidate === "relay" ? "relay" : "direct",
      agentCandidate,
      browserCandidate,
      protocol: /^tcp/i.test(pair.local.transportType) ? "tcp" : "udp",
      connectedAt: this.connectedAt.toISOString(),
    };
  }

  addRemoteCandidate(candidate: IceCandidate): void {
    if (this.closed || candidate.candidate === "") return;
    const mid = candidate.sdpMid ?? this.midAt(candidate.sdpMLineIndex ?? 0);
    try {
      this.peer.addRemoteCandidate(candidate.candidate, mid);
    } catch (error) {
      this.logger.debug({ err: error }, "ignoring a remote candidate");
    }
  }

  /** The browser gave up before connecting; a connected peer lives on (it no longer needs signaling). */
  cancel(): void {
    if (!this.everConnected) this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearTimers();
    for (const stream of [...this.streams]) stream.close();
    this.streams.clear();
    try {
      this.peer.close();
    } catch (error) {
      this.logger.debug({ err: error }, "peer close failed");
    }
    this.logger.info("peer closed");
    this.options.onGone(this);
  }

  private listen(): void {
    const { peer, logger, connectionId } = this;
    const signal = this.options.signal;
    peer.onLocalDescription(
      guarded(logger, "local description", (sdp, type) => {
        if (type === "answer" && !this.closed) signal({ type: "peer-answer", connectionId, sdp });
      }),
    );
    peer.onLocalCandidate(
      guarded(logger, "local candidate", (candidate, mid) => {
        if (this.closed) return;
        const line = candidate.startsWith("a=") ? candidate.slice(2) : candidate;
        signal({ type: "peer-candidate", connectionId, candidate: { candidate: line, sdpMid: mid } });
      }),
    );
    peer.onStateChange(guarded(logger, "peer state", (state) => this.handleState(state)));
    peer.onDataChannel(guarded(logger, "data channel", (channel) => this.adopt(channel)));
  }

  private handleState(state: string): void {
    this.logger.debug({ state }, "peer state");
    if (state === "connected") {
      this.everConnected = true;
      this.connectedAt ??= new Date();
      this.clearTimers();
      this.logger.info({ path: this.path() }, "peer connected");
      this.options.onConnected?.(this);
    } else if (state === "disconnected" && !this.disconnectedTimer) {
      this.disconnectedTimer = setTimeout(() => this.close(), DISCONNECTED_GRACE_MS);
    } else if (state === "failed" || state === "closed") {
      this.close();
    }
  }

  private adopt(channel: DataChannel): void {
    if (this.closed || this.streams.size >= MAX_CHANNELS_PER_PEER) {
      this.logger.warn({ channels: this.streams.size }, "refusing a data channel");
      closeChannel(channel);
      return;
    }
    let stream: StreamHandler | undefined;
    const forget = () => {
      if (stream) this.streams.delete(stream);
    };
    stream = openStream(channel, { ...this.options.streams, logger: this.logger }, forget, this.options.scope);
    this.streams.add(stream);
  }

  private handleConnectTimeout(): void {
    this.connectTimer = null;
    if (this.everConnected) return;
    this.logger.info("peer never connected; closing it");
    this.close();
  }

  private midAt(index: number): string {
    const mids = this.peer.remoteDescription()?.sdp.match(/^a=mid:(\S+)/gm) ?? [];
    return mids[index]?.slice("a=mid:".length) ?? "0";
  }

  private clearTimers(): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    if (this.disconnectedTimer) clearTimeout(this.disconnectedTimer);
    this.connectTimer = null;
    this.disconnectedTimer = null;
  }
}

const CANDIDATE_TYPES: readonly CandidateType[] = ["host", "srflx", "prflx", "relay"];

function candidateType(type: string): CandidateType {
  return (CANDIDATE_TYPES as readonly string[]).includes(type) ? (type as CandidateType) : "unknown";
}
