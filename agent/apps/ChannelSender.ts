import type { DataChannel } from "node-datachannel";
import type { Logger } from "pino";
import { MAX_CHANNEL_MESSAGE_BYTES } from "../../protocol/limits.js";
import { guarded } from "../guarded.js";
import { chunkBytes } from "../pty/chunkBytes.js";
import { closeChannel } from "../streams/channelIo.js";
import { SEND_HIGH_WATER_MARK_BYTES, SEND_LOW_WATER_MARK_BYTES } from "./appFlowControl.js";

/**
 * Sends an app channel's messages in order without growing the channel's buffer past the
 * high-water mark: what does not fit waits here, and the producer is told to stop reading
 * the app (`congested`) until `onDrained` fires. At most one read of the app (a response
 * chunk, one WebSocket message) waits here beyond the mark.
 */
export class ChannelSender {
  private readonly queue: (string | Buffer)[] = [];
  private queuedBytes = 0;
  private closeWhenFlushed = false;

  constructor(
    private readonly channel: DataChannel,
    logger: Logger,
    private readonly onDrained: () => void,
  ) {
    channel.setBufferedAmountLowThreshold(SEND_LOW_WATER_MARK_BYTES);
    channel.onBufferedAmountLow(guarded(logger, "app channel drain", () => this.flush()));
  }

  /** True while the app should not be read: more than the high-water mark waits to go out. */
  get congested(): boolean {
    return this.unsentBytes > SEND_HIGH_WATER_MARK_BYTES;
  }

  /** Bytes given to this sender that have not left the agent yet: queued here or in the channel. */
  get unsentBytes(): number {
    return this.queuedBytes + this.bufferedAmount();
  }

  /** Queues a JSON control message behind everything queued before it. */
  text(message: object): void {
    const text = JSON.stringify(message);
    this.queue.push(text);
    this.queuedBytes += text.length;
    this.flush();
  }

  /** Queues bytes as binary messages of at most the channel message size, each led by `prefix` if given. */
  bytes(bytes: Uint8Array, prefix?: (isLast: boolean) => number): void {
    const room = prefix ? MAX_CHANNEL_MESSAGE_BYTES - 1 : MAX_CHANNEL_MESSAGE_BYTES;
    if (prefix && bytes.byteLength === 0) this.enqueue(Buffer.of(prefix(true)));
    for (const chunk of chunkBytes(bytes, room)) {
      const isLast = chunk.byteOffset + chunk.byteLength === bytes.byteOffset + bytes.byteLength;
      this.enqueue(prefix ? Buffer.concat([Buffer.of(prefix(isLast)), chunk]) : Buffer.from(chunk));
    }
    this.flush();
  }

  /** Sends a small message now, ahead of the queue (acks: their order against data is free). */
  urgent(message: object): void {
    this.send(JSON.stringify(message));
  }

  /** Closes the channel once everything queued was handed to it. */
  closeAfterFlush(): void {
    this.closeWhenFlushed = true;
    this.flush();
  }

  /** Drops what is queued (the channel is gone or the exchange was abandoned). */
  discard(): void {
    this.queue.length = 0;
    this.queuedBytes = 0;
  }

  private enqueue(message: Buffer): void {
    this.queue.push(message);
    this.queuedBytes += message.byteLength;
  }

  private flush(): void {
    while (this.queue.length > 0 && this.bufferedAmount() < SEND_HIGH_WATER_MARK_BYTES) {
      const message = this.queue.shift() as string | Buffer;
      this.queuedBytes -= typeof message === "string" ? message.length : message.byteLength;
      if (!this.send(message)) this.discard();
    }
    if (this.queue.length > 0) return;
    if (this.closeWhenFlushed) closeChannel(this.channel);
    else if (!this.congested) this.onDrained();
  }

  private send(message: string | Buffer): boolean {
    if (!this.channel.isOpen()) return false;
    try {
      if (typeof message === "string") this.channel.sendMessage(message);
      else this.channel.sendMessageBinary(message);
      return true;
    } catch {
      return false;
    }
  }

  private bufferedAmount(): number {
    try {
      return this.channel.bufferedAmount();
    } catch {
      return 0;
    }
  }
}
