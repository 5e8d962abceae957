import { reconnectDelay, UNREACHABLE_MAX_RECONNECT_DELAY_MS } from "./backoff";
import type { AgentInfo } from "./ControlChannel";
import type { ConnectionPath } from "./connectionPath";
import { PeerAttempt, type PeerFactories } from "./PeerAttempt";
import type { PeerFailure } from "./peerFailure";

export type PeerState =
  | { kind: "connecting" }
  | { kind: "connected"; path: ConnectionPath | null; interrupted: boolean }
  /** `delayMs` is 0 while attempt `attempt` is under way, else the wait before it. */
  | { kind: "reconnecting"; attempt: number; delayMs: number; reason: PeerFailure }
  | { kind: "failed"; reason: PeerFailure };

export interface PeerSnapshot {
  state: PeerState;
  /** Round trip of a control-channel ping through the agent process, in ms. */
  pingRttMs: number | null;
  /** The ICE layer's RTT of the selected candidate pair, in ms. */
  iceRttMs: number | null;
  agent: AgentInfo | null;
  /** The STUN and TURN server URLs the gateway handed this connection (no credentials). */
  iceServerUrls: string[];
}

/** Before anything is known. */
export const INITIAL_PEER_SNAPSHOT: PeerSnapshot = {
  state: { kind: "connecting" },
  pingRttMs: null,
  iceRttMs: null,
  agent: null,
  iceServerUrls: [],
};

/**
 * A connection must have lasted this long before the backoff starts over. Without it, a
 * connection that opens and drops at once would be retried at the shortest delay forever.
 */
export const STABLE_CONNECTION_MS = 10_000;

export interface PeerConnectionOptions extends PeerFactories {
  signalUrl: string;
  random?: () => number;
}

/** What streams need from a peer connection: a fresh RTCPeerConnection whenever one exists. */
export interface PeerHost {
  /** Calls `listener` with the current peer (if any) and with every later one; returns unsubscribe. */
  onPeer(listener: (peer: RTCPeerConnection) => void): () => void;
}

/**
 * The browser's connection to one workspace agent, kept alive across failures: it runs
 * `PeerAttempt`s one after another with capped exponential backoff, and gives up only on
 * failures that cannot heal. Framework-agnostic; React reads it through `usePeerConnection`.
 */
export class PeerConnection implements PeerHost {
  private snapshot: PeerSnapshot = INITIAL_PEER_SNAPSHOT;
  private attempt: PeerAttempt | null = null;
  private peer: RTCPeerConnection | null = null;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stableTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly stateListeners = new Set<() => void>();
  private readonly peerListeners = new Set<(peer: RTCPeerConnection) => void>();

  constructor(private readonly options: PeerConnectionOptions) {}

  start(): void {
    if (this.attempt || this.disposed) return;
    globalThis.addEventListener?.("online", this.onOnline);
    globalThis.addEventListener?.("pagehide", this.onPageHide);
    this.connect();
  }

  getSnapshot = (): PeerSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  onPeer(listener: (peer: RTCPeerConnection) => void): () => void {
    this.peerListeners.add(listener);
    if (this.peer) listener(this.peer);
    return () => this.peerListeners.delete(listener);
  }

  /** Connects now, whatever the state: the user pressed Retry. */
  retry(): void {
    if (this.disposed) return;
    this.failures = 0;
    this.update({ state: { kind: "connecting" } });
    this.connect();
  }

  private connect(): void {
    clearTimeout(this.retryTimer);
    clearTimeout(this.stableTimer);
    this.attempt?.dispose();
    this.peer = null;
    this.attempt = new PeerAttempt(
      this.options.signalUrl,
      {
        onPeer: (peer) => {
          this.peer = peer;
          for (const listener of this.peerListeners) listener(peer);
        },
        onIceServers: (iceServers) => this.update({ iceServerUrls: iceServers.flatMap(urlsOf) }),
        onConnected: (path) => {
          this.update({ state: { kind: "connected", path, interrupted: false } });
          this.stableTimer = setTimeout(() => {
            this.failures = 0;
          }, STABLE_CONNECTION_MS);
        },
        onStats: (path, iceRttMs) => {
          const { state } = this.snapshot;
          if (state.kind === "connected") this.update({ state: { ...state, path: path ?? state.path }, iceRttMs });
        },
        onPingRtt: (pingRttMs) => this.update({ pingRttMs }),
        onAgentHello: (agent) => this.update({ agent }),
        onInterrupted: () => this.setInterrupted(true),
        onRecovered: () => this.setInterrupted(false),
        onEnded: (failure) => this.onAttemptEnded(failure),
      },
      this.options,
    );
  }

  private setInterrupted(interrupted: boolean): void {
    const { state } = this.snapshot;
    if (state.kind === "connected") this.update({ state: { ...state, interrupted } });
  }

  private onAttemptEnded(reason: PeerFailure): void {
    clearTimeout(this.stableTimer);
    this.attempt = null;
    this.peer = null;
    const stale = { pingRttMs: null, iceRttMs: null };
    if (reason.permanent) {
      this.update({ state: { kind: "failed", reason }, ...stale });
      return;
    }
    this.failures += 1;
    const attempt = this.failures;
    const backoff = reconnectDelay(attempt, this.options.random);
    const delayMs = reason.unreachable ? Math.min(backoff, UNREACHABLE_MAX_RECONNECT_DELAY_MS) : backoff;
    this.update({ state: { kind: "reconnecting", attempt, delayMs, reason }, ...stale });
    this.retryTimer = setTimeout(() => {
      this.update({ state: { kind: "reconnecting", attempt, delayMs: 0, reason } });
      this.connect();
    }, delayMs);
  }

  /** The browser says the network is back (a new Wi-Fi, a cable): waiting out a backoff would only delay. */
  private readonly onOnline = (): void => {
    if (!this.disposed && !this.attempt && this.snapshot.state.kind === "reconnecting") this.connect();
  };

  /**
   * The tab is closing: close the RTCPeerConnection now, so the agent learns at once (DTLS and
   * SCTP say goodbye) instead of after ICE consent expires 30 s later. A page kept in the
   * back-forward cache (`persisted`) may come back, so it keeps its connection.
   */
  private readonly onPageHide = (event: Event): void => {
    if (!(event as PageTransitionEvent).persisted) this.dispose();
  };

  private update(change: Partial<PeerSnapshot>): void {
    if (this.disposed) return;
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.stateListeners) listener();
  }

  /** Closes everything; nothing is emitted afterwards. */
  dispose(): void {
    this.disposed = true;
    globalThis.removeEventListener?.("online", this.onOnline);
    globalThis.removeEventListener?.("pagehide", this.onPageHide);
    clearTimeout(this.retryTimer);
    clearTimeout(this.stableTimer);
    this.attempt?.dispose();
    this.attempt = null;
    this.peer = null;
    this.stateListeners.clear();
    this.peerListeners.clear();
  }
}

function urlsOf(server: RTCIceServer): string[] {
  return Array.isArray(server.urls) ? server.urls : [server.urls];
}
