import type { PeerSnapshot } from "../../modules/peer/PeerConnection";
import { INITIAL_PEER_SNAPSHOT } from "../../modules/peer/PeerConnection";
import { FakePeerConnection } from "../../testHelpers/fakeWebRtc";
import type { PeerSource } from "./whenConnected";

/** A peer source whose state a test sets; its one fake peer connection records the channels. */
export function fakePeerSource(kind: PeerSnapshot["state"]["kind"] = "connected") {
  const peer = new FakePeerConnection({});
  const listeners = new Set<() => void>();
  let snapshot: PeerSnapshot = { ...INITIAL_PEER_SNAPSHOT, state: stateOf(kind) };
  const source: PeerSource = {
    getSnapshot: () => snapshot,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onPeer: (listener) => {
      listener(peer as unknown as RTCPeerConnection);
      return () => {};
    },
  };
  const setState = (next: PeerSnapshot["state"]["kind"]) => {
    snapshot = { ...snapshot, state: stateOf(next) };
    for (const listener of listeners) listener();
  };
  return { source, peer, setState };
}

function stateOf(kind: PeerSnapshot["state"]["kind"]): PeerSnapshot["state"] {
  const reason = { code: null, message: "gone for good", permanent: true };
  switch (kind) {
    case "connected":
      return { kind, path: null, interrupted: false };
    case "failed":
      return { kind, reason };
    case "reconnecting":
      return { kind, attempt: 1, delayMs: 0, reason };
    default:
      return { kind: "connecting" };
  }
}

/** A ReadableStream of the given chunks. */
export function streamOf(...chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

/** Everything a stream yields, as one string. */
export async function readText(stream: ReadableStream<Uint8Array> | null): Promise<string> {
  return stream ? new Response(stream as ReadableStream<Uint8Array<ArrayBuffer>>).text() : "";
}
