import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakePeerConnection, FakeWebSocket, fakeStats } from "../../testHelpers/fakeWebRtc";
import { INITIAL_RECONNECT_DELAY_MS, UNREACHABLE_MAX_RECONNECT_DELAY_MS } from "./backoff";
import {
  AGENT_SILENCE_MS,
  DISCONNECT_GRACE_MS,
  HELLO_TIMEOUT_MS,
  ICE_CONNECT_TIMEOUT_MS,
  STATS_INTERVAL_MS,
} from "./PeerAttempt";
import { PeerConnection } from "./PeerConnection";

const hello = {
  type: "hello",
  protocolVersion: 1,
  connectionId: "9b2f7c1e-3d4a-4b5c-8d6e-7f8091a2b3c4",
  iceServers: [{ urls: "stun:stun.example:3478" }],
};
const remoteCandidate = {
  candidate: "candidate:1 1 udp 2122260223 10.0.0.2 50000 typ host",
  sdpMid: "0",
  sdpMLineIndex: 0,
};

function setup() {
  const sockets: FakeWebSocket[] = [];
  const peers: FakePeerConnection[] = [];
  const connection = new PeerConnection({
    signalUrl: "ws://gateway.test/api/v1/workspaces/w/signal",
    createSocket: (url) => {
      const socket = new FakeWebSocket(url);
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
    createPeer: (config) => {
      const peer = new FakePeerConnection(config);
      peers.push(peer);
      return peer as unknown as RTCPeerConnection;
    },
    random: () => 0.5,
  });
  connection.start();
  const socket = (i = sockets.length - 1) => sockets[i] as FakeWebSocket;
  const peer = (i = peers.length - 1) => peers[i] as FakePeerConnection;
  return { connection, sockets, peers, socket, peer };
}

/** Lets the fakes' promises (offer, descriptions, stats) settle. */
const settle = () => vi.advanceTimersByTimeAsync(0);

async function connect(t: ReturnType<typeof setup>) {
  t.socket().receive(hello);
  await settle();
  t.socket().receive({ type: "answer", sdp: "v=0 fake answer" });
  await settle();
  t.peer().channels[0]?.open();
  t.peer().setConnectionState("connected");
  await settle();
}

describe("PeerConnection", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("offers after hello, applies the answer, trickles candidates and connects", async () => {
    const t = setup();
    expect(t.connection.getSnapshot().state).toEqual({ kind: "connecting" });

    t.socket().receive(hello);
    await settle();
    expect(t.peer().config.iceServers).toEqual(hello.iceServers);
    const control = t.peer().channels[0];
    expect(control?.label).toBe("control");
    expect(control?.init).toEqual({ protocol: "gangway.control.v1", ordered: true });
    expect(t.socket().sent).toEqual([{ type: "offer", sdp: "v=0 fake offer" }]);

    t.peer().gather("candidate:2 1 udp 1 192.168.1.5 40000 typ host");
    expect(t.socket().sent[1]).toEqual({
      type: "candidate",
      candidate: { candidate: "candidate:2 1 udp 1 192.168.1.5 40000 typ host", sdpMid: "0", sdpMLineIndex: 0 },
    });

    // A candidate that overtakes the answer waits for the remote description.
    t.socket().receive({ type: "candidate", candidate: remoteCandidate });
    expect(t.peer().addedCandidates).toEqual([]);
    t.socket().receive({ type: "answer", sdp: "v=0 fake answer" });
    await settle();
    expect(t.peer().remoteDescription).toEqual({ type: "answer", sdp: "v=0 fake answer" });
    expect(t.peer().addedCandidates).toEqual([remoteCandidate]);

    control?.open();
    await settle();
    expect(t.connection.getSnapshot().state).toEqual({ kind: "connected", path: "direct", interrupted: false });
    expect(t.socket().closedByClient).toBe(true);
    expect(JSON.parse(String(control?.sent[0]))).toMatchObject({ type: "ping", id: 1 });
    t.connection.dispose();
  });

  it("reports a TURN path and both round-trip times", async () => {
    const t = setup();
    t.socket().receive(hello);
    await settle();
    t.peer().stats = fakeStats("relay", "srflx", 0.04);
    await connect(t);
    expect(t.connection.getSnapshot().state).toMatchObject({ kind: "connected", path: "relay" });

    const ping = JSON.parse(String(t.peer().channels[0]?.sent[0]));
    t.peer().channels[0]?.receive(JSON.stringify({ type: "pong", id: ping.id, sentAt: ping.sentAt }));
    await vi.advanceTimersByTimeAsync(2000);
    const snapshot = t.connection.getSnapshot();
    expect(snapshot.pingRttMs).toBeGreaterThanOrEqual(0);
    expect(snapshot.iceRttMs).toBe(40);
    t.connection.dispose();
  });

  it("keeps retrying with backoff while the agent is unavailable", async () => {
    const t = setup();
    t.socket().receive({ type: "error", code: "AGENT_UNAVAILABLE", message: "no agent" });
    expect(t.connection.getSnapshot().state).toEqual({
      kind: "reconnecting",
      attempt: 1,
      delayMs: INITIAL_RECONNECT_DELAY_MS,
      reason: {
        code: "AGENT_UNAVAILABLE",
        message: "The workspace agent is not connected. Is the workspace running?",
        permanent: false,
      },
    });
    expect(t.sockets).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(INITIAL_RECONNECT_DELAY_MS);
    expect(t.sockets).toHaveLength(2);
    expect(t.connection.getSnapshot().state).toMatchObject({ kind: "reconnecting", attempt: 1, delayMs: 0 });

    t.socket().receive({ type: "error", code: "AGENT_UNAVAILABLE", message: "no agent" });
    expect(t.connection.getSnapshot().state).toMatchObject({ attempt: 2, delayMs: 2 * INITIAL_RECONNECT_DELAY_MS });

    await vi.advanceTimersByTimeAsync(2 * INITIAL_RECONNECT_DELAY_MS);
    expect(t.sockets).toHaveLength(3);
    await connect(t);
    expect(t.connection.getSnapshot().state).toMatchObject({ kind: "connected" });
    t.connection.dispose();
  });

  it.each([
    ["NOT_FOUND", { type: "error", code: "NOT_FOUND", message: "no such workspace" }],
    ["PROTOCOL_MISMATCH", { ...hello, protocolVersion: 99 }],
    ["PROTOCOL_MISMATCH", "not json at all"],
  ])("gives up for good on %s", async (code, message) => {
    const t = setup();
    t.socket().receive(message);
    await settle();
    expect(t.connection.getSnapshot().state).toMatchObject({ kind: "failed", reason: { code, permanent: true } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.sockets).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("gives up on an agent that speaks another protocol version", async () => {
    const t = setup();
    await connect(t);
    t.peer().channels[0]?.receive(
      JSON.stringify({ type: "hello", protocolVersion: 2, agentVersion: "9", hostname: "h", os: "linux" }),
    );
    expect(t.connection.getSnapshot().state).toMatchObject({ kind: "failed", reason: { code: "PROTOCOL_MISMATCH" } });
    expect(t.peer().closed).toBe(true);
  });

  it("reads the signaling close codes", async () => {
    const t = setup();
    t.socket().serverClose(4401);
    expect(t.connection.getSnapshot().state).toMatchObject({ kind: "failed", reason: { code: "UNAUTHENTICATED" } });
  });

  it("rides out a short disconnect and rebuilds after the grace period", async () => {
    const t = setup();
    await connect(t);

    t.peer().setConnectionState("disconnected");
    expect(t.connection.getSnapshot().state).toMatchObject({ kind: "connected", interrupted: true });
    await vi.advanceTimersByTimeAsync(DISCONNECT_GRACE_MS - 1);
    t.peer().setConnectionState("connected");
    expect(t.connection.getSnapshot().state).toMatchObject({ kind: "connected", interrupted: false });

    t.peer().setConnectionState("disconnected");
    await vi.advanceTimersByTimeAsync(DISCONNECT_GRACE_MS);
    expect(t.connection.getSnapshot().state).toMatchObject({ kind: "reconnecting", attempt: 1 });
    expect(t.peer().closed).toBe(true);
    expect(t.connection.getSnapshot().pingRttMs).toBeNull();
    t.connection.dispose();
  });

  it("hands each new RTCPeerConnection to streams", async () => {
    const t = setup();
    const seen: unknown[] = [];
    t.connection.onPeer((peer) => seen.push(peer));
    await connect(t);
    t.peer().setConnectionState("failed");
    await vi.advanceTimersByTimeAsync(INITIAL_RECONNECT_DELAY_MS);
    t.socket().receive(hello);
    await settle();
    expect(seen).toEqual([t.peers[0], t.peers[1]]);

    const late: unknown[] = [];
    t.connection.onPeer((peer) => late.push(peer));
    expect(late).toEqual([t.peers[1]]);
    t.connection.dispose();
  });

  it("reconnects at once when asked to", async () => {
    const t = setup();
    t.socket().receive({ type: "error", code: "NOT_FOUND", message: "gone" });
    t.connection.retry();
    expect(t.connection.getSnapshot().state).toEqual({ kind: "connecting" });
    expect(t.sockets).toHaveLength(2);
    t.connection.dispose();
  });

  it("says what was tried when ICE finds no path, and keeps trying in the background", async () => {
    const t = setup();
    t.socket().receive({ ...hello, iceServers: [{ urls: ["stun:stun.example:3478"] }] });
    await settle();
    t.peer().stats = new Map<string, unknown>([
      ["L1", { id: "L1", type: "local-candidate", candidateType: "host", protocol: "udp" }],
      ["L2", { id: "L2", type: "local-candidate", candidateType: "srflx", protocol: "udp" }],
      ["R1", { id: "R1", type: "remote-candidate", candidateType: "srflx", protocol: "udp" }],
    ]);
    t.socket().receive({ type: "answer", sdp: "v=0 fake answer" });
    await settle();
    await vi.advanceTimersByTimeAsync(ICE_CONNECT_TIMEOUT_MS);
    expect(t.connection.getSnapshot().state).toMatchObject({
      kind: "reconnecting",
      reason: {
        code: "NO_NETWORK_PATH",
        message:
          "No network path to the workspace: tried direct (host, server-reflexive) and no TURN relay is configured.",
        permanent: false,
      },
    });
    expect(t.peer().closed).toBe(true);
    await vi.advanceTimersByTimeAsync(INITIAL_RECONNECT_DELAY_MS);
    expect(t.sockets).toHaveLength(2);
    t.connection.dispose();
  });

  it("treats ICE failing before it ever connected as no path, not as a blip", async () => {
    const t = setup();
    t.socket().receive(hello);
    await settle();
    t.socket().receive({ type: "answer", sdp: "v=0 fake answer" });
    await settle();
    t.peer().setConnectionState("failed");
    await settle();
    expect(t.connection.getSnapshot().state).toMatchObject({ reason: { code: "NO_NETWORK_PATH" } });
    t.connection.dispose();
  });

  it("gives up on a gateway that does not greet in time, and retries soon while it is unreachable", async () => {
    const t = setup();
    for (let attempt = 1; attempt <= 6; attempt++) {
      await vi.advanceTimersByTimeAsync(HELLO_TIMEOUT_MS);
      const state = t.connection.getSnapshot().state;
      expect(state).toMatchObject({ kind: "reconnecting", attempt, reason: { unreachable: true } });
      expect(state.kind === "reconnecting" && state.delayMs).toBeLessThanOrEqual(UNREACHABLE_MAX_RECONNECT_DELAY_MS);
      await vi.advanceTimersByTimeAsync(UNREACHABLE_MAX_RECONNECT_DELAY_MS);
      expect(t.sockets).toHaveLength(attempt + 1);
    }
    t.connection.dispose();
  });

  it("retries at once when the browser comes back online", async () => {
    const t = setup();
    t.socket().receive({ type: "error", code: "AGENT_UNAVAILABLE", message: "no agent" });
    expect(t.sockets).toHaveLength(1);
    window.dispatchEvent(new Event("online"));
    expect(t.sockets).toHaveLength(2);
    t.connection.dispose();
    window.dispatchEvent(new Event("online"));
    expect(t.sockets).toHaveLength(2);
  });

  it("replaces a connection whose agent falls silent on every channel though ICE still says connected", async () => {
    const t = setup();
    await connect(t);
    const control = t.peer().channels[0] as NonNullable<ReturnType<typeof t.peer>["channels"][0]>;
    // Pongs for a while: alive.
    for (let tick = 0; tick < 5; tick++) {
      control.receive(JSON.stringify({ type: "pong", id: tick + 1, sentAt: 0 }));
      await vi.advanceTimersByTimeAsync(STATS_INTERVAL_MS);
    }
    expect(t.connection.getSnapshot().state).toMatchObject({ kind: "connected" });
    // Then nothing at all (a NAT rebound: the agent's packets go to the old port).
    await vi.advanceTimersByTimeAsync(AGENT_SILENCE_MS - STATS_INTERVAL_MS);
    expect(t.connection.getSnapshot().state).toMatchObject({ kind: "connected" });
    await vi.advanceTimersByTimeAsync(2 * STATS_INTERVAL_MS);
    expect(t.connection.getSnapshot().state).toMatchObject({
      kind: "reconnecting",
      attempt: 1,
      reason: { message: "The workspace stopped answering; the network may have changed.", permanent: false },
    });
    expect(t.peer().closed).toBe(true);
    await vi.advanceTimersByTimeAsync(INITIAL_RECONNECT_DELAY_MS);
    expect(t.sockets).toHaveLength(2); // a new attempt: new signaling socket, then a new peer
    t.connection.dispose();
  });

  it("counts terminal output as life while pongs are stuck behind it", async () => {
    const t = setup();
    await connect(t);
    const pty = t.peer().createDataChannel("pty", { protocol: "gangway.pty.v1" });
    for (let tick = 0; tick < 4 * (AGENT_SILENCE_MS / STATS_INTERVAL_MS); tick++) {
      pty.receive(new Uint8Array([0x78]));
      await vi.advanceTimersByTimeAsync(STATS_INTERVAL_MS);
    }
    expect(t.connection.getSnapshot().state).toMatchObject({ kind: "connected" });
    expect(t.peers).toHaveLength(1);
    t.connection.dispose();
  });

  it("closes the peer connection when the tab goes away, not when it is only cached", async () => {
    const t = setup();
    await connect(t);
    window.dispatchEvent(new PageTransitionEvent("pagehide", { persisted: true }));
    expect(t.peer().closed).toBe(false);
    window.dispatchEvent(new PageTransitionEvent("pagehide", { persisted: false }));
    expect(t.peer().closed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("closes everything on dispose", async () => {
    const t = setup();
    await connect(t);
    t.connection.dispose();
    expect(t.peer().closed).toBe(true);
    expect(t.peer().channels[0]?.readyState).toBe("closed");
    expect(t.socket().closedByClient).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
