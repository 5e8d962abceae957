import type { IceCandidate, ServerSignal } from "../../../protocol/signaling.js";
import { SignalCloseCode } from "../../../protocol/signaling.js";
import { PROTOCOL_VERSION } from "../../../protocol/version.js";
import { type AgentInfo, ControlChannel, PING_INTERVAL_MS } from "./ControlChannel";
import { connectionDiagnostics } from "./connectionDiagnostics";
import { type ConnectionPath, selectedPair } from "./connectionPath";
import { noNetworkPathSentence } from "./noNetworkPath";
import {
  failureFromCode,
  noNetworkPathFailure,
  type PeerFailure,
  transientFailure,
  unreachableFailure,
} from "./peerFailure";
import { SignalingSocket, type SocketFactory } from "./SignalingSocket";

/**
 * From opening the signaling socket to the control channel being open. ICE through TURN on
 * a slow link takes a few seconds; past 20 s nothing good is coming, and a fresh attempt
 * (new TURN credentials, new candidates) beats waiting.
 */
export const CONNECT_TIMEOUT_MS = 20_000;

/**
 * From creating the signaling socket to the gateway's hello. The gateway greets at once; on a
 * dead link the socket's SYNs vanish and the browser would wait minutes for TCP to give up, so
 * a new attempt (new SYN, right when the link is back) beats waiting.
 */
export const HELLO_TIMEOUT_MS = 5000;

/**
 * From applying the agent's answer to ICE connected. A working pair connects within a few
 * seconds even relayed over TLS across the world; ICE itself keeps checking for about 30 s,
 * too long to leave a person without a reason.
 */
export const ICE_CONNECT_TIMEOUT_MS = 10_000;

/**
 * How long an ICE "disconnected" may last before we rebuild the connection. It often heals
 * by itself within seconds (Wi-Fi roaming, a burst of loss), and rebuilding costs a replay;
 * browsers only declare "failed" after about 30 s, which is too long to stare at a frozen
 * terminal.
 */
export const DISCONNECT_GRACE_MS = 5000;

/** How often to read the selected candidate pair (path and ICE RTT); matches the pings. */
export const STATS_INTERVAL_MS = PING_INTERVAL_MS;

/**
 * How long the agent may send nothing on any data channel before the path counts as lost. A
 * live agent answers each ping (every 2 s) and a busy terminal's output counts too, so this
 * is several missed pongs. ICE cannot see a path that broke one way: when the browser's NAT
 * rebinds, its consent checks still get answers (sent back to the new port) while the agent's
 * data still goes to the old one, and the terminal would freeze for the ~30 s SCTP takes to give up.
 */
export const AGENT_SILENCE_MS = 8000;

export interface PeerAttemptEvents {
  /** A new RTCPeerConnection exists: streams may create their channels on it now. */
  onPeer(peer: RTCPeerConnection): void;
  /** The gateway's hello arrived: these are the ICE servers this attempt uses. */
  onIceServers(iceServers: RTCIceServer[]): void;
  onConnected(path: ConnectionPath | null): void;
  onStats(path: ConnectionPath | null, iceRttMs: number | null): void;
  onPingRtt(ms: number): void;
  onAgentHello(info: AgentInfo): void;
  /** ICE lost the path; it may come back within the grace period. */
  onInterrupted(): void;
  onRecovered(): void;
  /** The attempt is over and will not recover; the owner decides whether to retry. */
  onEnded(failure: PeerFailure): void;
}

export interface PeerFactories {
  createSocket?: SocketFactory;
  createPeer?: (config: RTCConfiguration) => RTCPeerConnection;
}

/** Messages received on every data channel of a stats report (pongs, terminal output, …). */
function messagesReceived(report: RTCStatsReport | Map<string, unknown>): number {
  let total = 0;
  report.forEach((stats) => {
    const entry = stats as { type?: string; messagesReceived?: number };
    if (entry.type === "data-channel") total += entry.messagesReceived ?? 0;
  });
  return total;
}

/**
 * One connection attempt: one signaling socket and one RTCPeerConnection with its control
 * channel. Reconnecting makes a new attempt rather than mending this one, so no stale ICE
 * or DTLS state can leak into the next try.
 */
export class PeerAttempt {
  private readonly socket: SignalingSocket;
  private peer: RTCPeerConnection | null = null;
  private control: ControlChannel | null = null;
  private remoteCandidates: IceCandidate[] = [];
  private iceServers: RTCIceServer[] = [];
  private connected = false;
  private ended = false;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private helloTimer: ReturnType<typeof setTimeout> | undefined;
  private iceTimer: ReturnType<typeof setTimeout> | undefined;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  /** Messages the agent had sent on all data channels at the last stats sample, and when that rose. */
  private agentMessages = 0;
  private agentHeardAt = 0;

  constructor(
    signalUrl: string,
    private readonly events: PeerAttemptEvents,
    private readonly factories: PeerFactories = {},
  ) {
    this.socket = new SignalingSocket(
      signalUrl,
      {
        onMessage: (message) => this.onSignal(message),
        onInvalidMessage: () => this.end(failureFromCode("PROTOCOL_MISMATCH")),
        onClose: (code) => this.onSocketClose(code),
      },
      factories.createSocket,
    );
    this.connectTimer = setTimeout(
      () => this.end(transientFailure("The connection to the workspace timed out.")),
      CONNECT_TIMEOUT_MS,
    );
    this.helloTimer = setTimeout(
      () => this.end(unreachableFailure("The gateway could not be reached; check your network connection.")),
      HELLO_TIMEOUT_MS,
    );
  }

  private onSignal(message: ServerSignal): void {
    switch (message.type) {
      case "hello":
        clearTimeout(this.helloTimer);
        if (message.protocolVersion !== PROTOCOL_VERSION) this.end(failureFromCode("PROTOCOL_MISMATCH"));
        else {
          this.iceServers = message.iceServers;
          this.events.onIceServers(message.iceServers);
          void this.offer(message.iceServers).catch(() => this.end(transientFailure("Creating the offer failed.")));
        }
        break;
      case "answer":
        void this.applyAnswer(message.sdp).catch(() => this.end(transientFailure("The agent's answer was unusable.")));
        break;
      case "candidate":
        if (this.peer?.remoteDescription) this.addRemoteCandidate(this.peer, message.candidate);
        else this.remoteCandidates.push(message.candidate);
        break;
      case "error":
        this.end(failureFromCode(message.code));
        break;
    }
  }

  private async offer(iceServers: RTCIceServer[]): Promise<void> {
    if (this.peer) return;
    const createPeer = this.factories.createPeer ?? ((config) => new RTCPeerConnection(config));
    const peer = createPeer({ iceServers });
    this.peer = peer;
    peer.onicecandidate = (event) => {
      // A null candidate (or an empty one) only ends gathering; the agent does not need it.
      if (!event.candidate?.candidate) return;
      const { candidate, sdpMid, sdpMLineIndex } = event.candidate.toJSON();
      if (candidate) this.socket.send({ type: "candidate", candidate: { candidate, sdpMid, sdpMLineIndex } });
    };
    peer.onconnectionstatechange = () => this.onConnectionState(peer, peer.connectionState);
    this.control = new ControlChannel(peer, {
      onOpen: () => void this.onControlOpen(peer),
      onRtt: (ms) => this.events.onPingRtt(ms),
      onAgentHello: (info) => {
        if (info.protocolVersion === PROTOCOL_VERSION) this.events.onAgentHello(info);
        else this.end(failureFromCode("PROTOCOL_MISMATCH"));
      },
      onAgentError: (error) => this.end(failureFromCode(error.code)),
      onClose: () => this.end(transientFailure("The workspace agent closed the connection.")),
    });
    this.events.onPeer(peer);
    const offer = await peer.createOffer();
    await peer.setLocalDescription(offer);
    const sdp = peer.localDescription?.sdp ?? offer.sdp;
    if (!this.ended && sdp) this.socket.send({ type: "offer", sdp });
  }

  private async applyAnswer(sdp: string): Promise<void> {
    const peer = this.peer;
    if (!peer || peer.remoteDescription) return;
    await peer.setRemoteDescription({ type: "answer", sdp });
    for (const candidate of this.remoteCandidates) this.addRemoteCandidate(peer, candidate);
    this.remoteCandidates = [];
    if (!this.ended && !this.connected) {
      this.iceTimer = setTimeout(() => void this.failWithoutPath(peer), ICE_CONNECT_TIMEOUT_MS);
    }
  }

  /** ICE found no pair that works: end with a sentence saying what was tried. */
  private async failWithoutPath(peer: RTCPeerConnection): Promise<void> {
    if (this.ended || this.connected) return;
    let sentence = noNetworkPathSentence({ localCandidates: [], remoteCandidates: [] }, this.iceServers);
    try {
      sentence = noNetworkPathSentence(connectionDiagnostics(await peer.getStats()), this.iceServers);
    } catch {
      // Stats are a nicety here; the failure itself is certain.
    }
    this.end(noNetworkPathFailure(sentence));
  }

  private addRemoteCandidate(peer: RTCPeerConnection, { candidate, sdpMid, sdpMLineIndex }: IceCandidate): void {
    // Browsers refuse a candidate naming neither; the SDP has one m-line, the data channels'.
    const mLineIndex = sdpMLineIndex ?? (sdpMid == null ? 0 : null);
    // One unusable candidate (an address family we lack, say) must not end the attempt.
    peer.addIceCandidate({ candidate, sdpMid: sdpMid ?? null, sdpMLineIndex: mLineIndex }).catch(() => undefined);
  }

  private async onControlOpen(peer: RTCPeerConnection): Promise<void> {
    if (this.ended || this.connected) return;
    this.connected = true;
    clearTimeout(this.connectTimer);
    clearTimeout(this.iceTimer);
    // The signaling socket's job is done; the data path never depended on it.
    this.socket.close();
    const sample = await this.sampleStats(peer);
    if (this.ended) return;
    this.events.onConnected(sample.path);
    // ICE measured the pair's round trip during its checks: show it now, not at the first tick.
    this.events.onStats(sample.path, sample.iceRttMs);
    this.agentHeardAt = performance.now();
    this.statsTimer = setInterval(() => void this.reportStats(peer), STATS_INTERVAL_MS);
  }

  private async sampleStats(peer: RTCPeerConnection) {
    try {
      const report = await peer.getStats();
      const pair = selectedPair(report);
      return { path: pair?.path ?? null, iceRttMs: pair?.iceRttMs ?? null, agentMessages: messagesReceived(report) };
    } catch {
      return { path: null, iceRttMs: null, agentMessages: null };
    }
  }

  private async reportStats(peer: RTCPeerConnection): Promise<void> {
    const sample = await this.sampleStats(peer);
    if (this.ended) return;
    const now = performance.now();
    // Any change counts: a closed channel may leave the report and lower the sum.
    if (sample.agentMessages === null || sample.agentMessages !== this.agentMessages) {
      this.agentMessages = sample.agentMessages ?? this.agentMessages;
      this.agentHeardAt = now;
    } else if (now - this.agentHeardAt >= AGENT_SILENCE_MS) {
      this.end(transientFailure("The workspace stopped answering; the network may have changed."));
      return;
    }
    this.events.onStats(sample.path, sample.iceRttMs);
  }

  private onConnectionState(peer: RTCPeerConnection, state: RTCPeerConnectionState): void {
    if (this.ended) return;
    if (state === "connected") clearTimeout(this.iceTimer);
    const iceWorked = peer.iceConnectionState === "connected" || peer.iceConnectionState === "completed";
    if (state === "failed" && !this.connected && !iceWorked) {
      void this.failWithoutPath(peer);
    } else if (state === "failed") {
      this.end(transientFailure("The network path to the workspace failed."));
    } else if (state === "disconnected" && this.connected && this.graceTimer === undefined) {
      this.events.onInterrupted();
      this.graceTimer = setTimeout(
        () => this.end(transientFailure("The connection to the workspace was lost.")),
        DISCONNECT_GRACE_MS,
      );
    } else if (state === "connected" && this.graceTimer !== undefined) {
      clearTimeout(this.graceTimer);
      this.graceTimer = undefined;
      this.events.onRecovered();
    }
  }

  private onSocketClose(code: number): void {
    if (this.connected || this.ended) return;
    if (code === SignalCloseCode.UNAUTHENTICATED) this.end(failureFromCode("UNAUTHENTICATED"));
    else if (code === SignalCloseCode.FORBIDDEN) this.end(failureFromCode("FORBIDDEN"));
    else if (!this.peer)
      this.end(unreachableFailure("The gateway could not be reached; check your network connection."));
    else this.end(transientFailure("The gateway closed the signaling connection."));
  }

  private end(failure: PeerFailure): void {
    if (this.ended) return;
    this.dispose();
    this.events.onEnded(failure);
  }

  /** Closes the socket, the channel and the peer connection; no events follow. */
  dispose(): void {
    this.ended = true;
    clearTimeout(this.connectTimer);
    clearTimeout(this.helloTimer);
    clearTimeout(this.iceTimer);
    clearTimeout(this.graceTimer);
    clearInterval(this.statsTimer);
    this.socket.close();
    this.control?.dispose();
    this.peer?.close();
  }
}
