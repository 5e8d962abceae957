import type { DataChannel } from "node-datachannel";
import type { Logger } from "pino";
import { MAX_CHANNEL_MESSAGE_BYTES } from "../../protocol/limits.js";
import { PtyLabel, PtyToAgent, type PtyToBrowser } from "../../protocol/streams.js";
import { guarded } from "../guarded.js";
import { parseMessage } from "../parseMessage.js";
import type { Attachment, PtyExitStatus } from "../pty/Attachment.js";
import { chunkBytes } from "../pty/chunkBytes.js";
import { HIGH_WATER_MARK_BYTES, LOW_WATER_MARK_BYTES, OUTPUT_CHUNK_BYTES } from "../pty/flowControl.js";
import type { PtySession } from "../pty/PtySession.js";
import type { PtySessionManager } from "../pty/PtySessionManager.js";
import type { Failure } from "../result.js";
import { closeChannel, messageBytes, sendBytes, sendStreamError, sendText, whenOpen } from "./channelIo.js";
import type { StreamHandler } from "./StreamHandler.js";

/**
 * A `gangway.pty.v1` channel: one browser terminal attached to a session. Output goes out
 * as binary messages (replay first, then live); binary messages in are keyboard input and
 * text messages are resize/terminate.
 */
export class PtyChannel implements StreamHandler, Attachment {
  private session: PtySession | null = null;
  private closed = false;

  constructor(
    private readonly channel: DataChannel,
    private readonly ptys: PtySessionManager,
    private readonly logger: Logger,
    private readonly onClosed: () => void,
  ) {
    channel.setBufferedAmountLowThreshold(LOW_WATER_MARK_BYTES);
    channel.onBufferedAmountLow(guarded(logger, "pty drain", () => this.session?.refreshFlow()));
    channel.onMessage(guarded(logger, "pty message", (message) => this.handleMessage(message)));
    channel.onClosed(guarded(logger, "pty close", () => this.handleClosed()));
    whenOpen(
      channel,
      guarded(logger, "pty attach", () => this.attach()),
    );
  }

  output(bytes: Uint8Array): void {
    for (const chunk of chunkBytes(bytes, OUTPUT_CHUNK_BYTES)) sendBytes(this.channel, chunk);
  }

  isCongested(): boolean {
    return this.channel.bufferedAmount() > HIGH_WATER_MARK_BYTES;
  }

  ended(status: PtyExitStatus): void {
    this.session = null;
    this.send({ type: "exit", ...status });
    closeChannel(this.channel);
  }

  close(): void {
    this.detach();
    closeChannel(this.channel);
  }

  private attach(): void {
    const label = parseMessage(this.channel.getLabel(), PtyLabel, MAX_CHANNEL_MESSAGE_BYTES);
    const attached = label.ok ? this.ptys.attach(label.value.session, label.value, this) : label;
    if (!attached.ok) {
      this.reject(attached.failure);
      return;
    }
    const { session, created, replay } = attached.value;
    this.session = session;
    this.send({ type: "attached", session: session.id, created, replayBytes: replay.byteLength });
    this.output(replay);
  }

  private handleMessage(message: string | Buffer | ArrayBuffer): void {
    if (typeof message === "string") {
      this.handleControl(message);
      return;
    }
    const input = messageBytes(message);
    if (input.byteLength > MAX_CHANNEL_MESSAGE_BYTES) {
      sendStreamError(this.channel, { code: "MESSAGE_TOO_LARGE", message: "input message is too large" });
      return;
    }
    this.session?.write(input);
  }

  private handleControl(text: string): void {
    const parsed = parseMessage(text, PtyToAgent, MAX_CHANNEL_MESSAGE_BYTES);
    if (!parsed.ok) {
      sendStreamError(this.channel, parsed.failure);
      return;
    }
    const message = parsed.value;
    if (message.type === "resize") this.session?.resize(message.cols, message.rows);
    else this.session?.terminate();
  }

  private reject(failure: Failure): void {
    this.logger.info({ failure, label: this.channel.getLabel().slice(0, 200) }, "pty channel refused");
    sendStreamError(this.channel, failure);
    closeChannel(this.channel);
  }

  private detach(): void {
    this.session?.detach(this);
    this.session = null;
  }

  private handleClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.detach();
    this.onClosed();
  }

  private send(message: PtyToBrowser): void {
    sendText(this.channel, message);
  }
}
