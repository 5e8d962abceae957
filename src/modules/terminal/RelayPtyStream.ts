import type { PeerSnapshot } from "../peer/PeerConnection";
import { InputQueue } from "./InputQueue";
import { binaryPayload, type PtyStream, type PtyStreamHandlers } from "./PtyTransport";

/** One bench-relay WebSocket: raw input up, raw output (replay first) down. */
export class RelayPtyStream implements PtyStream {
  private readonly socket: WebSocket;
  private readonly input = new InputQueue();
  private closed = false;

  constructor(url: string, handlers: PtyStreamHandlers, onState: (state: PeerSnapshot["state"]) => void) {
    this.socket = new WebSocket(url);
    this.socket.binaryType = "arraybuffer";
    this.socket.onopen = () => {
      handlers.onReset();
      onState({ kind: "connected", path: "relay", interrupted: false });
      this.flush();
    };
    this.socket.onmessage = (event: MessageEvent) => {
      const bytes = binaryPayload(event.data);
      if (bytes) handlers.onOutput(bytes);
    };
    this.socket.onclose = (event: CloseEvent) => {
      if (this.closed) return;
      this.closed = true;
      const message = `The bench relay closed (WebSocket code ${event.code}).`;
      onState({ kind: "failed", reason: { code: null, message, permanent: true } });
    };
  }

  write(bytes: Uint8Array<ArrayBuffer>): void {
    this.input.push(bytes);
    this.flush();
  }

  /** The relay protocol carries no resize: the size is fixed by the URL at connect. */
  resize(): void {}

  private flush(): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    for (let message = this.input.take(); message; message = this.input.take()) this.socket.send(message);
  }

  close(): void {
    this.closed = true;
    this.socket.close(1000);
  }
}
