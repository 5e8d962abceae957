import { APP_UPLOAD_WINDOW_BYTES, MAX_CHANNEL_MESSAGE_BYTES } from "../../../protocol/limits.js";
import { StreamKind, WS_FRAGMENT_CONTINUES, WS_FRAGMENT_TEXT } from "../../../protocol/streams.js";
import type { BrowserPeer } from "../../testHelpers/BrowserPeer.js";
import { waitUntil } from "../../testHelpers/waitUntil.js";
import { AppTestChannel } from "./AppTestChannel.js";

/** One WebSocket message as the browser's WebSocket API would deliver it. */
export interface WsTestMessage {
  readonly text: boolean;
  readonly data: Buffer;
}

/**
 * The browser's end of a `ws` channel in tests, as the SPA's WebSocket shim will be: it
 * splits messages into flagged fragments within the upload window and reassembles the
 * agent's fragments into messages.
 */
export class WsTestClient extends AppTestChannel {
  readonly received: WsTestMessage[] = [];
  private fragments: Buffer[] = [];
  private sent = 0;
  private acked = 0;

  static async open(browser: BrowserPeer, label: unknown): Promise<WsTestClient> {
    const client = new WsTestClient(AppTestChannel.create(browser, label, StreamKind.ws));
    await client.whenOpen();
    return client;
  }

  /** Sends one WebSocket message (a string as text), fragmented, within the upload window. */
  async send(data: string | Uint8Array): Promise<void> {
    const text = typeof data === "string";
    const bytes = Buffer.from(data);
    const room = MAX_CHANNEL_MESSAGE_BYTES - 1;
    let offset = 0;
    do {
      const chunk = bytes.subarray(offset, offset + room);
      offset += chunk.byteLength;
      const flags = (text ? WS_FRAGMENT_TEXT : 0) | (offset < bytes.byteLength ? WS_FRAGMENT_CONTINUES : 0);
      const message = Buffer.concat([Buffer.of(flags), chunk]);
      const fits = () => this.sent + message.byteLength - this.acked <= APP_UPLOAD_WINDOW_BYTES;
      await waitUntil(this.changes.subscribe, () => (fits() || this.closed ? true : undefined), "upload window");
      if (this.closed) return;
      this.sendBytes(message);
      this.sent += message.byteLength;
    } while (offset < bytes.byteLength);
  }

  /** As `WebSocket.close(code, reason)`. */
  closeSocket(code?: number, reason?: string): void {
    this.sendJson({ type: "close", code, reason });
  }

  waitForMessages(count: number, timeoutMs?: number): Promise<WsTestMessage[]> {
    return waitUntil(
      this.changes.subscribe,
      () => (this.received.length >= count ? this.received.slice(0, count) : undefined),
      `${count} WebSocket messages`,
      timeoutMs,
    );
  }

  protected control(message: Record<string, unknown>): void {
    if (message.type === "ack") this.acked = message.bytes as number;
  }

  protected binary(bytes: Buffer): void {
    if (bytes.byteLength === 0) {
      this.violations.push("a frame without its flag byte");
      return;
    }
    const flags = bytes[0] as number;
    this.fragments.push(Buffer.from(bytes.subarray(1)));
    if (flags & WS_FRAGMENT_CONTINUES) return;
    this.received.push({ text: (flags & WS_FRAGMENT_TEXT) !== 0, data: Buffer.concat(this.fragments) });
    this.fragments = [];
  }
}
