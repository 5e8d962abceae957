import type { Logger } from "pino";
import type { z } from "zod";
import type { AgentToServer, PeerCancel, PeerCandidate, PeerPaths } from "../../protocol/agent.js";
import { fail, ok, type Result } from "../result.js";
import type { PeerScope } from "../streams/channelScope.js";
import type { StreamDependencies } from "../streams/openStream.js";
import { AgentPeer, type PeerOfferMessage } from "./AgentPeer.js";
import type { AppGrantVerifier } from "./appGrant.js";
import { EarlyCandidates } from "./EarlyCandidates.js";

/**
 * Peer connections one agent holds at once. Each costs a few threads' worth of ICE/DTLS/SCTP
 * state in libdatachannel; a dozen browser tabs per user is normal, hundreds is a loop.
 */
export const MAX_PEERS = 64;

/**
 * How often connected peers' paths are read again. libjuice may nominate a better pair up
 * to 2 s after connecting (its nomination timeout), and a path can change later (a relay
 * kept after a direct pair failed); the dashboard is fine a couple of seconds behind.
 */
export const PATH_REPORT_INTERVAL_MS = 2_000;

export interface PeerHostOptions {
  /** Sends to the gateway; may drop messages while the gateway socket is down. */
  readonly signal: (message: AgentToServer) => void;
  readonly streams: StreamDependencies;
  readonly logger: Logger;
  /** Checks the grants of offers from app origins; without it, every such offer is refused. */
  readonly grants?: AppGrantVerifier;
  readonly maxPeers?: number;
}

/**
 * Answers the gateway's peer offers and keeps the resulting peer connections. Peers live
 * independently of the gateway socket: a gateway restart leaves every open terminal working.
 */
export class PeerHost {
  private readonly peers = new Map<string, AgentPeer>();
  private readonly early = new EarlyCandidates();
  /** What the gateway was last told, as JSON, so only changes are sent. */
  private reportedPaths: string | null = null;
  private readonly pathTimer: NodeJS.Timeout;

  constructor(private readonly options: PeerHostOptions) {
    this.pathTimer = setInterval(() => this.reportPaths(), PATH_REPORT_INTERVAL_MS);
    this.pathTimer.unref();
  }

  get size(): number {
    return this.peers.size;
  }

  get(connectionId: string): AgentPeer | undefined {
    return this.peers.get(connectionId);
  }

  handleOffer(offer: PeerOfferMessage): void {
    const opened = this.open(offer);
    if (opened.ok) return;
    this.options.logger.warn({ connectionId: offer.connectionId, failure: opened.failure }, "peer offer refused");
    this.options.signal({ type: "error", connectionId: offer.connectionId, ...opened.failure });
  }

  handleCandidate(message: z.infer<typeof PeerCandidate>): void {
    const peer = this.peers.get(message.connectionId);
    if (peer) peer.addRemoteCandidate(message.candidate);
    else this.early.add(message.connectionId, message.candidate);
  }

  handleCancel(message: z.infer<typeof PeerCancel>): void {
    this.early.take(message.connectionId);
    this.peers.get(message.connectionId)?.cancel();
  }

  /**
   * Tells the gateway which browsers are connected and how, if that changed since the last
   * report; `force` sends it anyway (a new gateway socket starts knowing nothing).
   */
  reportPaths(options: { force?: boolean } = {}): void {
    const connections: PeerPaths["connections"] = [];
    for (const peer of this.peers.values()) {
      const path = peer.path();
      if (path) connections.push({ connectionId: peer.connectionId, ...path });
    }
    const report = JSON.stringify(connections);
    if (report === this.reportedPaths && !options.force) return;
    this.reportedPaths = report;
    this.options.signal({ type: "peer-paths", connections });
  }

  /** Closes every peer connection (agent shutdown only: never because the gateway went away). */
  dispose(): void {
    clearInterval(this.pathTimer);
    for (const peer of [...this.peers.values()]) peer.close();
    this.early.clear();
  }

  private open(offer: PeerOfferMessage): Result<AgentPeer> {
    const scope = this.scopeOf(offer);
    if (!scope.ok) return scope;
    if (this.peers.has(offer.connectionId)) return fail("CONFLICT", "this connection was already offered");
    const maxPeers = this.options.maxPeers ?? MAX_PEERS;
    if (this.peers.size >= maxPeers) return fail("RATE_LIMITED", `at most ${maxPeers} peer connections per agent`);
    const opened = AgentPeer.open({
      offer,
      scope: scope.value,
      signal: this.options.signal,
      streams: this.options.streams,
      logger: this.options.logger,
      onGone: (peer) => this.forget(peer),
      onConnected: () => this.reportPaths(),
    });
    if (!opened.ok) return opened;
    this.peers.set(offer.connectionId, opened.value);
    for (const candidate of this.early.take(offer.connectionId)) opened.value.addRemoteCandidate(candidate);
    return opened;
  }

  /** A dashboard peer may open everything; an app origin's peer, what its valid grant names. */
  private scopeOf(offer: PeerOfferMessage): Result<PeerScope> {
    if (offer.grant === undefined) return ok(null);
    if (!this.options.grants) return fail("FORBIDDEN", "this agent does not accept app connections");
    return this.options.grants.verify(offer.grant, offer.connectionId);
  }

  private forget(peer: AgentPeer): void {
    if (this.peers.get(peer.connectionId) !== peer) return;
    this.peers.delete(peer.connectionId);
    this.reportPaths();
  }
}
