import type { HttpHeaders } from "../../../protocol/streams.js";

/**
 * Messages between the service worker and a host page (ADR 0007). The service worker posts
 * them to a host page client with a `MessagePort` for the answer; bodies travel as
 * transferred `ReadableStream`s, so backpressure reaches the data channel both ways.
 */

/** Service worker → host page: are you a host page? Answered with `HostPong` on the port. */
export interface HostPing {
  type: "gangway-ping";
}

/** Host page → service worker: yes, and ready to take requests (once connected). */
export interface HostPong {
  type: "gangway-pong";
}

/** Service worker → host page: perform this request of a frame over the peer connection. */
export interface FetchRequestMessage {
  type: "gangway-fetch";
  method: string;
  /** The full URL on the app origin. */
  url: string;
  /** Already filtered, with cookies and encodings set (see `forwardedRequestHeaders`). */
  headers: HttpHeaders;
  body: ReadableStream<Uint8Array> | null;
  /** A frame navigation: an HTML answer gets the WebSocket shim injected. */
  navigate: boolean;
}

/** Host page → service worker: the answer, errors included (as 4xx/5xx responses). */
export interface FetchResponseMessage {
  type: "gangway-response";
  status: number;
  statusText: string;
  headers: HttpHeaders;
  body: ReadableStream<Uint8Array> | null;
}

/** Host page → service worker: the `Cookie` header the jars hold for `url` (for WebSockets). */
export interface CookieRequestMessage {
  type: "gangway-cookie";
  url: string;
}

/** Service worker → host page: the answer to `CookieRequestMessage`. */
export interface CookieResponseMessage {
  type: "gangway-cookie";
  cookie: string;
}

/** What a frame's WebSocket shim asks the host page for. */
export interface WsOpenRequest {
  /** Path and query on the app, e.g. "/stable-abc?reconnection=false". */
  path: string;
  protocols: string[];
}

/**
 * The object a host page exposes as `window.__gangwayHost`, for the WebSocket shim in its
 * frames (same origin, so `window.top.__gangwayHost`).
 */
export interface GangwayHostApi {
  /** A `gangway.ws.v1` channel for this WebSocket, not necessarily open yet; rejects when there is no connection. */
  openWebSocket(request: WsOpenRequest): Promise<RTCDataChannel>;
  /** What the page holds for the app right now (for tests and diagnostics). */
  stats(): { bufferedBytes: number };
}

/** The property name on the host page's window. */
export const HOST_API_PROPERTY = "__gangwayHost";
