/**
 * Adopts what public/early-connect.js started before the app's code loaded: the signaling
 * socket (with the events it received meanwhile) and an RTCPeerConnection already gathering
 * candidates. Each is handed out once; reconnects create their own.
 */

/** What public/early-connect.js leaves on `window`. */
export interface EarlyConnection {
  readonly url: string;
  readonly socket: WebSocket;
  peer: RTCPeerConnection | null;
  readonly pending: Event[];
  readonly keep: (event: Event) => void;
  /** Set once the socket was adopted; until then the early script may close it. */
  socketTaken: boolean;
}

/** A socket opened before its owner existed, with the events it already received. */
export interface AdoptedSocket {
  readonly socket: WebSocket;
  readonly pending: readonly Event[];
}

declare global {
  interface Window {
    __gangwayEarlyConnection?: EarlyConnection;
  }
}

/** The early signaling socket when it was opened for `url`; null otherwise or when taken. */
export function takeEarlySocket(
  url: string,
  scope: Pick<Window, "__gangwayEarlyConnection"> = window,
): AdoptedSocket | null {
  const early = scope.__gangwayEarlyConnection;
  if (!early || early.socketTaken || early.url !== url) return null;
  early.socketTaken = true;
  early.socket.removeEventListener("message", early.keep);
  early.socket.removeEventListener("close", early.keep);
  if (!early.peer) scope.__gangwayEarlyConnection = undefined;
  return { socket: early.socket, pending: [...early.pending] };
}

/**
 * The early RTCPeerConnection, given `config` (the ICE servers the gateway's hello named);
 * null when there is none, it was taken, or it cannot take this configuration.
 */
export function takeEarlyPeer(
  config: RTCConfiguration,
  scope: Pick<Window, "__gangwayEarlyConnection"> = window,
): RTCPeerConnection | null {
  const early = scope.__gangwayEarlyConnection;
  const peer = early?.peer;
  if (!early || !peer) return null;
  early.peer = null;
  scope.__gangwayEarlyConnection = undefined;
  if (peer.signalingState !== "stable" || peer.connectionState === "closed") return null;
  try {
    // Unchanged ICE servers (none on a loopback install) keep the candidates gathered so far.
    peer.setConfiguration({ ...peer.getConfiguration(), ...config, iceCandidatePoolSize: 1 });
    return peer;
  } catch {
    peer.close();
    return null;
  }
}
