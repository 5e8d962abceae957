/**
 * Stand-ins for WebSocket, RTCPeerConnection and RTCDataChannel that record what the code
 * under test does and let a test play the other side. jsdom has no WebRTC; real WebRTC is
 * covered end to end with Chromium against the real stack.
 */

type Handler<E> = ((event: E) => void) | null;

export class FakeWebSocket {
  readyState: number = WebSocket.OPEN;
  sent: unknown[] = [];
  closedByClient = false;
  onmessage: Handler<MessageEvent> = null;
  onclose: Handler<CloseEvent> = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }

  close(): void {
    this.closedByClient = true;
    this.readyState = WebSocket.CLOSED;
  }

  /** The server sends a message (any JSON, valid or not). */
  receive(message: unknown): void {
    this.onmessage?.({ data: typeof message === "string" ? message : JSON.stringify(message) } as MessageEvent);
  }

  /** The server closes the socket. */
  serverClose(code: number): void {
    this.readyState = WebSocket.CLOSED;
    this.onclose?.({ code } as CloseEvent);
  }
}

export class FakeDataChannel {
  readyState: RTCDataChannelState = "connecting";
  binaryType = "blob";
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  sent: (string | Uint8Array)[] = [];
  /** Counted as Chromium's RTCDataChannelStats.messagesReceived counts them. */
  messagesReceived = 0;
  onopen: Handler<Event> = null;
  onmessage: Handler<MessageEvent> = null;
  onclose: Handler<Event> = null;
  onbufferedamountlow: Handler<Event> = null;

  constructor(
    readonly label: string,
    readonly init: RTCDataChannelInit,
  ) {}

  send(data: string | Uint8Array): void {
    if (this.readyState !== "open") throw new Error("send on a channel that is not open");
    this.sent.push(typeof data === "string" ? data : new Uint8Array(data));
  }

  close(): void {
    this.readyState = "closed";
  }

  /** The agent's side opened the channel. */
  open(): void {
    this.readyState = "open";
    this.onopen?.(new Event("open"));
  }

  receive(data: string | Uint8Array): void {
    const payload = typeof data === "string" ? data : data.slice().buffer;
    this.messagesReceived += 1;
    this.onmessage?.({ data: payload } as MessageEvent);
  }

  /** The agent closed the channel. */
  remoteClose(): void {
    this.readyState = "closed";
    this.onclose?.(new Event("close"));
  }

  sentJson(): unknown[] {
    return this.sent.filter((m): m is string => typeof m === "string").map((m) => JSON.parse(m));
  }

  sentBytes(): string {
    const decoder = new TextDecoder();
    return this.sent
      .filter((m): m is Uint8Array => typeof m !== "string")
      .map((m) => decoder.decode(m))
      .join("");
  }
}

/** A stats report whose selected pair is of the given candidate types. */
export function fakeStats(local: string, remote: string, rttSeconds = 0.002): Map<string, unknown> {
  return new Map<string, unknown>([
    ["L", { id: "L", type: "local-candidate", candidateType: local }],
    ["R", { id: "R", type: "remote-candidate", candidateType: remote }],
    [
      "P",
      {
        id: "P",
        type: "candidate-pair",
        localCandidateId: "L",
        remoteCandidateId: "R",
        currentRoundTripTime: rttSeconds,
      },
    ],
    ["T", { id: "T", type: "transport", selectedCandidatePairId: "P" }],
  ]);
}

export class FakePeerConnection {
  channels: FakeDataChannel[] = [];
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  connectionState: RTCPeerConnectionState = "new";
  iceConnectionState: RTCIceConnectionState = "new";
  addedCandidates: RTCIceCandidateInit[] = [];
  closed = false;
  stats = fakeStats("host", "host");
  onicecandidate: Handler<RTCPeerConnectionIceEvent> = null;
  onconnectionstatechange: Handler<Event> = null;

  constructor(readonly config: RTCConfiguration) {}

  createDataChannel(label: string, init: RTCDataChannelInit = {}): FakeDataChannel {
    const channel = new FakeDataChannel(label, init);
    this.channels.push(channel);
    return channel;
  }

  async createOffer(): Promise<RTCSessionDescriptionInit> {
    return { type: "offer", sdp: "v=0 fake offer" };
  }

  async setLocalDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.localDescription = description;
  }

  async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.remoteDescription = description;
  }

  async addIceCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    this.addedCandidates.push(candidate);
  }

  /** `stats` (the candidate pairs a test set), plus one "data-channel" entry per channel. */
  async getStats(): Promise<Map<string, unknown>> {
    const report = new Map(this.stats);
    this.channels.forEach((channel, i) => {
      report.set(`D${i}`, { id: `D${i}`, type: "data-channel", messagesReceived: channel.messagesReceived });
    });
    return report;
  }

  close(): void {
    this.closed = true;
    this.connectionState = "closed";
    for (const channel of this.channels) channel.close();
  }

  setConnectionState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.onconnectionstatechange?.(new Event("connectionstatechange"));
  }

  /** The browser gathered a local candidate. */
  gather(candidate: string): void {
    const init = { candidate, sdpMid: "0", sdpMLineIndex: 0 };
    this.onicecandidate?.({ candidate: { ...init, toJSON: () => init } } as unknown as RTCPeerConnectionIceEvent);
  }
}
