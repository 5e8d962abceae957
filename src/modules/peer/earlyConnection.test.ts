import { describe, expect, it, vi } from "vitest";
import { type EarlyConnection, takeEarlyPeer, takeEarlySocket } from "./earlyConnection";

const URL = "ws://localhost:7080/api/v1/workspaces/w1/signal";

/** A stand-in for what public/early-connect.js leaves on window. */
function early(peerState: Partial<RTCPeerConnection> = {}) {
  const socket = new EventTarget() as WebSocket;
  const peer = {
    signalingState: "stable",
    connectionState: "new",
    getConfiguration: () => ({ iceCandidatePoolSize: 1 }),
    setConfiguration: vi.fn(),
    close: vi.fn(),
    ...peerState,
  } as unknown as RTCPeerConnection;
  const pending: Event[] = [];
  const keep = (event: Event) => pending.push(event);
  socket.addEventListener("message", keep);
  socket.addEventListener("close", keep);
  const connection: EarlyConnection = { url: URL, socket, peer, pending, keep, socketTaken: false };
  return { scope: { __gangwayEarlyConnection: connection }, socket, peer, pending };
}

describe("takeEarlySocket", () => {
  it("hands over the socket for its URL once, with the events it received so far", () => {
    const { scope, socket } = early();
    socket.dispatchEvent(new MessageEvent("message", { data: "hello" }));
    const adopted = takeEarlySocket(URL, scope);
    expect(adopted?.socket).toBe(socket);
    expect(adopted?.pending.map((event) => (event as MessageEvent).data)).toEqual(["hello"]);
    // Later events are the adopter's: no longer kept.
    socket.dispatchEvent(new MessageEvent("message", { data: "later" }));
    expect(adopted?.pending).toHaveLength(1);
    expect(takeEarlySocket(URL, scope)).toBeNull();
  });

  it("keeps a socket opened for another workspace", () => {
    const { scope } = early();
    expect(takeEarlySocket("ws://localhost:7080/api/v1/workspaces/other/signal", scope)).toBeNull();
    expect(takeEarlySocket(URL, scope)).not.toBeNull();
  });
});

describe("takeEarlyPeer", () => {
  it("hands over the peer once, configured with the gateway's ICE servers and its pool kept", () => {
    const { scope, peer } = early();
    const iceServers = [{ urls: "turn:turn.example.org:3478", username: "u", credential: "c" }];
    expect(takeEarlyPeer({ iceServers }, scope)).toBe(peer);
    expect(peer.setConfiguration).toHaveBeenCalledWith({ iceServers, iceCandidatePoolSize: 1 });
    expect(takeEarlyPeer({ iceServers }, scope)).toBeNull();
    expect(scope.__gangwayEarlyConnection).toBeUndefined();
  });

  it("refuses a peer that is closed or cannot take the configuration", () => {
    expect(takeEarlyPeer({}, early({ connectionState: "closed" }).scope)).toBeNull();
    const refusing = early({
      setConfiguration: () => {
        throw new Error("InvalidModificationError");
      },
    });
    expect(takeEarlyPeer({}, refusing.scope)).toBeNull();
    expect(refusing.peer.close).toHaveBeenCalled();
  });
});
