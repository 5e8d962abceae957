import type { ErrorCode } from "../../../protocol/errors.js";
import {
  APP_DOWNLOAD_WINDOW_BYTES,
  APP_UPLOAD_WINDOW_BYTES,
  MAX_CHANNEL_MESSAGE_BYTES,
} from "../../../protocol/limits.js";
import type { HttpHeaders, HttpResponseHead, HttpToAgent } from "../../../protocol/streams.js";
import { parseHttpMessage } from "../../modules/peer/messages";

/**
 * The page acknowledges response bytes once this many more were read: a small message per
 * 256 KiB, well inside the download window, so the agent never waits on an ack in flight.
 */
export const DOWNLOAD_ACK_EVERY_BYTES = APP_DOWNLOAD_WINDOW_BYTES / 8;

/** A request as it goes to the app. */
export interface AppRequest {
  method: string;
  /** Origin-form: path and query. */
  path: string;
  headers: HttpHeaders;
  body: ReadableStream<Uint8Array> | null;
}

/** How an exchange turned out: the app's response, or a failure before its head arrived. */
export type ExchangeOutcome =
  | { kind: "response"; head: HttpResponseHead; body: ReadableStream<Uint8Array<ArrayBuffer>> }
  /** `code` is the agent's `StreamError` code; null when the channel was lost. */
  | { kind: "failed"; code: ErrorCode | null; message: string };

/**
 * One request on a `gangway.http.v1` channel (ADR 6): head, body in ≤ 64 KiB messages within
 * the upload window, `end`; then the response head and a body stream that acknowledges bytes
 * as its reader takes them (the download window). `onFinished(true)` hands the channel back
 * for the next request once both sides ended; a lost channel, a broken framing or a reader
 * that gave up closes the channel instead (`onFinished(false)`).
 */
/** Response bytes every exchange of this page holds: received from the agent, not yet read. */
let heldBytes = 0;

/**
 * What the page holds of response bodies right now; the download window bounds it (the
 * agent sends at most APP_DOWNLOAD_WINDOW_BYTES beyond what readers took). For tests.
 */
export function heldResponseBytes(): number {
  return heldBytes;
}

export class HttpExchange {
  readonly outcome: Promise<ExchangeOutcome>;
  private settle!: (outcome: ExchangeOutcome) => void;
  private headReceived = false;
  private agentDone = false;
  private browserDone = false;
  private finished = false;
  // Upload: bytes sent and acknowledged; the sender waits here when the window is full.
  private uploaded = 0;
  private uploadAcked = 0;
  private windowOpened: (() => void) | null = null;
  // Download: received chunks not read yet, bytes read and acknowledged, how the body ends.
  private chunks: Uint8Array<ArrayBuffer>[] = [];
  private consumed = 0;
  private downloadAcked = 0;
  private bodyEnd: { error: Error | null } | null = null;
  private dataArrived: (() => void) | null = null;

  constructor(
    private readonly channel: RTCDataChannel,
    private readonly request: AppRequest,
    private readonly onFinished: (reusable: boolean) => void,
  ) {
    this.outcome = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  /** Sends the request; the channel is open. */
  start(): void {
    const { method, path, headers } = this.request;
    this.send({ type: "request", method, path, headers });
    void this.upload();
  }

  onMessage(data: unknown): void {
    if (this.finished) return;
    if (typeof data !== "string") {
      this.onBody(new Uint8Array(data as ArrayBuffer));
      return;
    }
    const message = parseHttpMessage(data);
    if (!message || (message.type === "response" && this.headReceived)) {
      this.breakOff({ code: "INVALID_REQUEST", message: "The workspace agent broke the request framing." });
      return;
    }
    switch (message.type) {
      case "response":
        this.headReceived = true;
        this.settle({ kind: "response", head: message, body: this.responseBody() });
        break;
      case "ack":
        this.uploadAcked = Math.max(this.uploadAcked, message.bytes);
        this.wakeUploader();
        break;
      case "end":
        if (!this.headReceived)
          this.breakOff({ code: "INVALID_REQUEST", message: "The agent ended without a response." });
        else this.agentEnded(null);
        break;
      case "error":
        if (!this.headReceived) this.settle({ kind: "failed", code: message.code, message: message.message });
        this.agentEnded(new Error(`${message.code}: ${message.message}`));
        break;
    }
  }

  /** The channel closed under this exchange (the peer connection went, or the agent closed it). */
  onChannelClosed(): void {
    if (this.finished) return;
    this.breakOff({ code: null, message: "The connection to the workspace was lost." });
  }

  private onBody(bytes: Uint8Array<ArrayBuffer>): void {
    if (!this.headReceived || this.agentDone) {
      this.breakOff({ code: "INVALID_REQUEST", message: "The workspace agent sent body bytes out of turn." });
      return;
    }
    this.chunks.push(bytes);
    heldBytes += bytes.byteLength;
    this.wakeReader();
  }

  private agentEnded(error: Error | null): void {
    this.agentDone = true;
    this.bodyEnd ??= { error };
    this.wakeReader();
    this.wakeUploader();
    this.finishIfDone();
  }

  /** Streams the request body within the upload window, then `end` (also when the agent already answered). */
  private async upload(): Promise<void> {
    const reader = this.request.body?.getReader();
    try {
      while (reader && !this.agentDone && !this.finished) {
        const { done, value } = await reader.read();
        if (done) break;
        for (let offset = 0; offset < value.byteLength && !this.agentDone; offset += MAX_CHANNEL_MESSAGE_BYTES) {
          const chunk = value.subarray(offset, offset + MAX_CHANNEL_MESSAGE_BYTES);
          await this.windowFor(chunk.byteLength);
          if (this.agentDone || this.finished) break;
          this.channel.send(chunk as Uint8Array<ArrayBuffer>);
          this.uploaded += chunk.byteLength;
        }
      }
    } catch {
      // The page aborted its request: the exchange cannot be completed on this channel.
      this.abandon();
      return;
    }
    if (this.agentDone) reader?.cancel().catch(() => undefined);
    if (this.finished) return;
    this.send({ type: "end" });
    this.browserDone = true;
    this.finishIfDone();
  }

  private async windowFor(bytes: number): Promise<void> {
    while (!this.agentDone && !this.finished && this.uploaded + bytes - this.uploadAcked > APP_UPLOAD_WINDOW_BYTES) {
      await new Promise<void>((resolve) => {
        this.windowOpened = resolve;
      });
    }
  }

  /** The response body: pull-based, so bytes are acknowledged only as the reader takes them. */
  private responseBody(): ReadableStream<Uint8Array<ArrayBuffer>> {
    return new ReadableStream<Uint8Array<ArrayBuffer>>(
      {
        pull: async (controller) => {
          while (this.chunks.length === 0 && !this.bodyEnd) {
            await new Promise<void>((resolve) => {
              this.dataArrived = resolve;
            });
          }
          const chunk = this.chunks.shift();
          if (chunk) {
            heldBytes -= chunk.byteLength;
            controller.enqueue(chunk);
            this.consumed += chunk.byteLength;
            this.acknowledgeDownload();
          } else if (this.bodyEnd?.error) controller.error(this.bodyEnd.error);
          else controller.close();
        },
        cancel: () => {
          for (const chunk of this.chunks) heldBytes -= chunk.byteLength;
          this.chunks = [];
          if (!this.agentDone) this.abandon();
        },
      },
      { highWaterMark: 0 },
    );
  }

  private acknowledgeDownload(): void {
    if (this.agentDone || this.finished || this.consumed - this.downloadAcked < DOWNLOAD_ACK_EVERY_BYTES) return;
    this.downloadAcked = this.consumed;
    this.send({ type: "ack", bytes: this.consumed });
  }

  /** Nobody wants the answer any more: closing the channel is the protocol's way to cancel. */
  private abandon(): void {
    this.breakOff({ code: null, message: "The request was abandoned." });
  }

  private breakOff(failure: { code: ErrorCode | null; message: string }): void {
    if (this.finished) return;
    if (!this.headReceived) this.settle({ kind: "failed", ...failure });
    this.bodyEnd ??= { error: new Error(failure.message) };
    this.wakeReader();
    this.finish(false);
  }

  private finishIfDone(): void {
    if (this.agentDone && this.browserDone) this.finish(true);
  }

  private finish(reusable: boolean): void {
    if (this.finished) return;
    this.finished = true;
    this.wakeUploader();
    this.onFinished(reusable);
  }

  private wakeUploader(): void {
    const wake = this.windowOpened;
    this.windowOpened = null;
    wake?.();
  }

  private wakeReader(): void {
    const wake = this.dataArrived;
    this.dataArrived = null;
    wake?.();
  }

  private send(message: HttpToAgent): void {
    if (this.channel.readyState === "open") this.channel.send(JSON.stringify(message));
  }
}
