import { API_PREFIX } from "../../../protocol/rest.js";
import type { BrowserSignal, ServerSignal } from "../../../protocol/signaling.js";
import type { AdoptedSocket } from "./earlyConnection";
import { parseServerSignal } from "./messages";

export interface SignalingEvents {
  onMessage(message: ServerSignal): void;
  /** The server sent something the protocol does not allow. */
  onInvalidMessage(): void;
  /** The socket closed without us closing it. */
  onClose(code: number): void;
}

/** Opens the socket, or hands over one opened earlier with the events it already received. */
export type SocketFactory = (url: string) => WebSocket | AdoptedSocket;

/**
 * The browser's end of `WS /api/v1/workspaces/:id/signal` for one connection attempt:
 * parses what arrives, serialises what goes. Authentication is the session cookie, which
 * the browser sends because the socket is same-origin.
 */
export class SignalingSocket {
  private readonly socket: WebSocket;
  private closed = false;

  constructor(
    url: string,
    private readonly events: SignalingEvents,
    createSocket: SocketFactory = (u) => new WebSocket(u),
  ) {
    const created = createSocket(url);
    const { socket, pending } = "pending" in created ? created : { socket: created, pending: [] };
    this.socket = socket;
    this.socket.onmessage = (event: MessageEvent) => this.receive(event);
    this.socket.onclose = (event: CloseEvent) => this.closedByPeer(event);
    // An adopted socket's earlier events follow once the owner holds this object.
    if (pending.length > 0) {
      queueMicrotask(() => {
        for (const event of pending) {
          if (event.type === "message") this.receive(event as MessageEvent);
          else this.closedByPeer(event as CloseEvent);
        }
      });
    }
  }

  private receive(event: MessageEvent): void {
    if (this.closed) return;
    const message = typeof event.data === "string" ? parseServerSignal(event.data) : null;
    if (message) this.events.onMessage(message);
    else this.events.onInvalidMessage();
  }

  private closedByPeer(event: CloseEvent): void {
    if (this.closed) return;
    this.closed = true;
    this.events.onClose(event.code);
  }

  send(message: BrowserSignal): void {
    if (!this.closed && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  /** Idempotent; no events follow. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(1000);
  }
}

/** Same origin as the page, so the session cookie goes along; wss when the page is https. */
export function signalingUrl(workspaceId: string, location: Pick<Location, "protocol" | "host"> = window.location) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}${API_PREFIX}/workspaces/${encodeURIComponent(workspaceId)}/signal`;
}
