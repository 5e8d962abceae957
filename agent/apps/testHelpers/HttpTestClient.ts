import { createHash, type Hash } from "node:crypto";
import { APP_UPLOAD_WINDOW_BYTES, MAX_CHANNEL_MESSAGE_BYTES } from "../../../protocol/limits.js";
import { type HttpHeaders, type HttpResponseHead, type StreamError, StreamKind } from "../../../protocol/streams.js";
import type { BrowserPeer } from "../../testHelpers/BrowserPeer.js";
import { waitUntil } from "../../testHelpers/waitUntil.js";
import { AppTestChannel } from "./AppTestChannel.js";

export interface TestRequest {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: HttpHeaders;
  readonly body?: Uint8Array;
}

export interface TestRequestOptions {
  /** Keep the body's bytes (off for transfers too big to hold); its length and hash are kept anyway. */
  readonly keepBody?: boolean;
  /** Called with each body message's size as it arrives. */
  readonly onBody?: (bytes: number) => void;
  /**
   * Ack response bytes as they arrive, as a page reading the body at once does (default).
   * Off: the page reads nothing until `ackReceived()`, and the agent stalls at its window.
   */
  readonly ack?: boolean;
  readonly timeoutMs?: number;
}

export interface TestResponse {
  readonly head: HttpResponseHead | null;
  readonly body: Buffer;
  readonly bodyBytes: number;
  readonly sha256: string;
  readonly error: StreamError | null;
}

/**
 * The browser's end of an `http` channel in tests: requests one at a time as the SPA makes
 * them (head, body within the upload window, end), the agent's messages folded into a
 * response whose bytes are acked as they arrive. The raw senders are for testing what a
 * broken browser might send.
 */
export class HttpTestClient extends AppTestChannel {
  /** Upload bytes sent in the current (or last) request. */
  uploaded = 0;
  /** Response body bytes received in the current (or last) request. */
  received = 0;
  private exchange: Exchange | null = null;
  private acked = 0;

  static async open(browser: BrowserPeer, label: unknown): Promise<HttpTestClient> {
    const client = new HttpTestClient(AppTestChannel.create(browser, label, StreamKind.http));
    await client.whenOpen();
    return client;
  }

  /** Acks everything received so far, and from now on what arrives (a page that started reading). */
  ackReceived(): void {
    if (!this.exchange) return;
    this.exchange.acking = true;
    this.sendJson({ type: "ack", bytes: this.received });
  }

  async request(request: TestRequest = {}, options: TestRequestOptions = {}): Promise<TestResponse> {
    if (this.exchange) throw new Error("one request at a time on a channel");
    const exchange = new Exchange(options);
    this.exchange = exchange;
    this.acked = 0;
    this.uploaded = 0;
    this.received = 0;
    this.sendJson({ type: "request", method: "GET", path: "/", headers: [], ...withoutBody(request) });
    await this.upload(request.body ?? new Uint8Array(), exchange);
    this.sendJson({ type: "end" });
    await waitUntil(
      this.changes.subscribe,
      () => (exchange.done || this.closed ? true : undefined),
      "response end",
      options.timeoutMs,
    );
    this.exchange = null;
    return exchange.result();
  }

  protected control(message: Record<string, unknown>): void {
    if (message.type === "ack") this.acked = message.bytes as number;
    else this.exchange?.control(message);
  }

  protected binary(bytes: Buffer): void {
    if (!this.exchange || this.exchange.done) this.violations.push("body bytes outside a response");
    else {
      this.exchange.body(bytes);
      this.received += bytes.byteLength;
      if (this.exchange.acking) this.sendJson({ type: "ack", bytes: this.received });
    }
  }

  private async upload(body: Uint8Array, exchange: Exchange): Promise<void> {
    for (let offset = 0; offset < body.byteLength; offset += MAX_CHANNEL_MESSAGE_BYTES) {
      const chunk = body.subarray(offset, offset + MAX_CHANNEL_MESSAGE_BYTES);
      const mayGo = () => exchange.done || this.uploaded + chunk.byteLength - this.acked <= APP_UPLOAD_WINDOW_BYTES;
      await waitUntil(this.changes.subscribe, () => (mayGo() || this.closed ? true : undefined), "upload window");
      // The agent ended the exchange early (an error, or a response without reading it all).
      if (exchange.done || this.closed) return;
      this.sendBytes(chunk);
      this.uploaded += chunk.byteLength;
    }
  }
}

/** One request's response as it arrives. */
class Exchange {
  done = false;
  acking: boolean;
  private head: HttpResponseHead | null = null;
  private error: StreamError | null = null;
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private readonly hash: Hash = createHash("sha256");

  constructor(private readonly options: TestRequestOptions) {
    this.acking = options.ack ?? true;
  }

  control(message: Record<string, unknown>): void {
    if (this.done) return;
    if (message.type === "response") this.head = message as HttpResponseHead;
    if (message.type === "error") this.error = message as StreamError;
    if (message.type === "end" || message.type === "error") this.done = true;
  }

  body(bytes: Buffer): void {
    this.bytes += bytes.byteLength;
    this.hash.update(bytes);
    if (this.options.keepBody !== false) this.chunks.push(Buffer.from(bytes));
    this.options.onBody?.(bytes.byteLength);
  }

  result(): TestResponse {
    return {
      head: this.head,
      body: Buffer.concat(this.chunks),
      bodyBytes: this.bytes,
      sha256: this.hash.digest("hex"),
      error: this.error,
    };
  }
}

function withoutBody(request: TestRequest): Omit<TestRequest, "body"> {
  const { body: _body, ...head } = request;
  return head;
}
