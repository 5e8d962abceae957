import { randomUUID } from "node:crypto";
import nodeDataChannel, { type PeerConnection } from "node-datachannel";
import type { AgentToServer, ServerToAgent } from "../../protocol/agent.js";
import { TestChannel } from "./TestChannel.js";
import { Changes, waitUntil } from "./waitUntil.js";

export interface BrowserPeerOptions {
  /** Makes the grant the gateway adds to this connection's offer (an app origin's peer). */
  readonly grant?: (connectionId: string) => string;
}

/**
 * Plays the browser in tests: a second node-datachannel peer that offers, opens channels the
 * way the SPA does (protocol string + JSON label) and talks to the agent through whatever
 * relays signaling (`sendToAgent`), as the gateway would.
 */
export class BrowserPeer {
  readonly connectionId = randomUUID();
  readonly peer: PeerConnection;
  private readonly channels = new Set<TestChannel>();
  private readonly changes = new Changes();
  private readonly pendingCandidates: { candidate: string; mid: string }[] = [];
  private answered = false;
  errors: AgentToServer[] = [];

  constructor(
    private readonly sendToAgent: (message: ServerToAgent) => void,
    options: BrowserPeerOptions = {},
  ) {
    const grant = options.grant?.(this.connectionId);
    this.peer = new nodeDataChannel.PeerConnection(`browser-${this.connectionId}`, { iceServers: [] });
    this.peer.onLocalDescription((sdp) =>
      this.sendToAgent({
        type: "peer-offer",
        connectionId: this.connectionId,
        // Between two libdatachannel peers, the answerer's first DTLS hello often arrives
        // before the offerer is ready and is resent only after 1 s. Taking the DTLS client
        // role here avoids that wait; Chrome, the real offerer, does not need it.
        sdp: sdp.replace("a=setup:actpass", "a=setup:active"),
        iceServers: [],
        username: "tester",
        ...(grant === undefined ? {} : { grant }),
      }),
    );
    this.peer.onLocalCandidate((candidate, mid) =>
      this.sendToAgent({
        type: "peer-candidate",
        connectionId: this.connectionId,
        // Browsers give candidates without the SDP attribute prefix that libdatachannel adds.
        candidate: { candidate: candidate.replace(/^a=/, ""), sdpMid: mid },
      }),
    );
    this.peer.onStateChange(() => this.changes.notify());
  }

  /** Handles what the agent sent for this connection (the gateway's job in production). */
  receive(message: AgentToServer): void {
    try {
      if (message.type === "peer-answer") {
        this.peer.setRemoteDescription(message.sdp, "answer");
        this.answered = true;
        for (const { candidate, mid } of this.pendingCandidates.splice(0)) this.peer.addRemoteCandidate(candidate, mid);
      } else if (message.type === "peer-candidate") {
        const candidate = { candidate: message.candidate.candidate, mid: message.candidate.sdpMid ?? "0" };
        if (this.answered) this.peer.addRemoteCandidate(candidate.candidate, candidate.mid);
        else this.pendingCandidates.push(candidate);
      } else if (message.type === "error") {
        this.errors.push(message);
        this.changes.notify();
      }
    } catch (error) {
      // An exception thrown into node-datachannel aborts the process; fail the test instead.
      this.errors.push({ type: "error", code: "INTERNAL", message: String(error) });
      this.changes.notify();
    }
  }

  /** Opens a channel; the first one also starts the offer. Resolves once it is open. */
  openChannel(label: string, protocol: string): Promise<TestChannel> {
    const channel = new TestChannel(this.peer.createDataChannel(label, { protocol }));
    this.channels.add(channel);
    return channel.whenOpen();
  }

  waitForState(state: string): Promise<true> {
    return waitUntil(this.changes.subscribe, () => (this.peer.state() === state ? true : undefined), `peer ${state}`);
  }

  waitForError(): Promise<AgentToServer> {
    return waitUntil(this.changes.subscribe, () => this.errors[0], "an error from the agent");
  }

  close(): void {
    for (const channel of this.channels) channel.close();
    this.peer.close();
  }
}
