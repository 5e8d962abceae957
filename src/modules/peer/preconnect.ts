import { discardEarlyPty, estimateTerminalSize, openEarlyPty } from "../terminal/earlyPty";
import { takeEarlyPeer, takeEarlySocket } from "./earlyConnection";
import { PeerConnection } from "./PeerConnection";
import { signalingUrl } from "./SignalingSocket";

/**
 * A terminal tab spends its first ~150 ms loading code, checking the session and drawing
 * the page, and ICE + DTLS + SCTP take ~80 ms more on loopback (far more across the world).
 * Starting the peer connection as soon as the entry script runs overlaps the two; the
 * terminal page then adopts the connection instead of opening its own.
 */
const TERMINAL_ROUTE = /^\/workspaces\/([^/]+)\/terminal\/([^/]+)\/?$/;

/**
 * The workspace of a terminal page's path (the router's `/workspaces/:workspaceId/terminal/
 * :sessionId`), or null. A regular expression, not the router: this runs from the entry
 * chunk, before the router's code has loaded.
 */
export function terminalWorkspaceId(pathname: string): string | null {
  return terminalRoute(pathname)?.workspaceId ?? null;
}

/** The workspace and the terminal session of a terminal page's path, or null. */
export function terminalRoute(pathname: string): { workspaceId: string; sessionId: string } | null {
  const match = TERMINAL_ROUTE.exec(pathname);
  if (!match?.[1] || !match[2]) return null;
  try {
    return { workspaceId: decodeURIComponent(match[1]), sessionId: decodeURIComponent(match[2]) };
  } catch {
    return null;
  }
}

/**
 * An early connection nobody adopted (the user was signed out and sent to /login, say) is
 * closed after this long; adoption normally happens within a few hundred milliseconds.
 */
export const UNCLAIMED_PRECONNECT_MS = 10_000;

let early: { workspaceId: string; connection: PeerConnection; timer: ReturnType<typeof setTimeout> } | null = null;

/** Starts connecting when `location` is a WebRTC terminal page; does nothing otherwise. */
export function preconnectFor(location: Pick<Location, "pathname" | "search">): void {
  const route = terminalRoute(location.pathname);
  // The bench's relay reference must not get a head start it would not have in production.
  if (!route || new URLSearchParams(location.search).has("transport")) return;
  const { workspaceId, sessionId } = route;
  const connection = new PeerConnection({
    signalUrl: signalingUrl(workspaceId),
    createSocket: (url) => takeEarlySocket(url) ?? new WebSocket(url),
    createPeer: (config) => takeEarlyPeer(config) ?? new RTCPeerConnection(config),
  });
  // The first peer connection also opens the terminal's pty channel at once (earlyPty.ts).
  let ptyOpened = false;
  connection.onPeer((pc) => {
    if (ptyOpened) return;
    ptyOpened = true;
    openEarlyPty(pc, sessionId, estimateTerminalSize());
  });
  connection.start();
  const timer = setTimeout(() => {
    if (early?.connection === connection) early = null;
    discardEarlyPty();
    connection.dispose();
  }, UNCLAIMED_PRECONNECT_MS);
  early = { workspaceId, connection, timer };
}

/** Hands over the early connection to `workspaceId`, once; null when there is none. */
export function adoptPreconnected(workspaceId: string): PeerConnection | null {
  if (!early || early.workspaceId !== workspaceId) return null;
  const { connection, timer } = early;
  early = null;
  clearTimeout(timer);
  return connection;
}
