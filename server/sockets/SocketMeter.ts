import type { Socket } from "node:net";
import type { SocketBytes } from "../../protocol/rest.js";

export type SocketKind = SocketBytes["sockets"][number]["kind"];
type Entry = SocketBytes["sockets"][number];

/**
 * Counts the bytes every gateway WebSocket carries, read from the TCP socket underneath (so
 * the handshake and framing count too). Open sockets are listed one by one; closed ones are
 * folded into one total per kind and workspace since the server started. This is how a test
 * (or an operator) sees that terminal traffic never passes through the gateway.
 */
export class SocketMeter {
  readonly #open = new Map<Socket, { kind: SocketKind; workspaceId: string }>();
  readonly #closed = new Map<string, Entry>();

  /** Starts counting; call the returned function when the WebSocket closes. */
  track(kind: SocketKind, workspaceId: string, socket: Socket): () => void {
    this.#open.set(socket, { kind, workspaceId });
    return () => {
      if (!this.#open.delete(socket)) return;
      const key = `${kind}:${workspaceId}`;
      const total = this.#closed.get(key) ?? { kind, workspaceId, bytesIn: 0, bytesOut: 0 };
      total.bytesIn += socket.bytesRead;
      total.bytesOut += socket.bytesWritten;
      this.#closed.set(key, total);
    };
  }

  snapshot(): SocketBytes {
    const open = [...this.#open].map(([socket, { kind, workspaceId }]) => ({
      kind,
      workspaceId,
      bytesIn: socket.bytesRead,
      bytesOut: socket.bytesWritten,
    }));
    return { sockets: [...open, ...[...this.#closed.values()].map((entry) => ({ ...entry }))] };
  }
}
