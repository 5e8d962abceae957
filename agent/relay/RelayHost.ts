import type { Logger } from "pino";
import type { z } from "zod";
import type { RelayClose, RelayOpen } from "../../protocol/agent.js";
import { MAX_PTY_COLS, MAX_PTY_ROWS, MIN_PTY_COLS, MIN_PTY_ROWS } from "../../protocol/limits.js";
import { decodeRelayFrame } from "../../protocol/relay.js";
import type { PtySessionManager } from "../pty/PtySessionManager.js";
import type { Failure } from "../result.js";
import { RelayAttachment, type RelayTransport } from "./RelayAttachment.js";

export interface RelayHostOptions {
  readonly ptys: PtySessionManager;
  readonly transport: RelayTransport;
  readonly logger: Logger;
}

/**
 * Bench mode only: terminal attachments relayed through the gateway socket, the
 * reverse-proxy reference Gangway is measured against. Streams die with the socket.
 */
export class RelayHost {
  private readonly streams = new Map<number, RelayAttachment>();

  constructor(private readonly options: RelayHostOptions) {}

  get size(): number {
    return this.streams.size;
  }

  handleOpen(message: z.infer<typeof RelayOpen>): void {
    const { streamId, session, cols, rows } = message;
    this.close(streamId);
    if (!validSize(cols, rows)) {
      this.refuse(streamId, { code: "INVALID_REQUEST", message: "bad terminal size" });
      return;
    }
    const attachment = new RelayAttachment(streamId, this.options.transport, (ended) => this.forget(ended));
    const attached = this.options.ptys.attach(session, { cols, rows }, attachment);
    if (!attached.ok) {
      this.refuse(streamId, attached.failure);
      return;
    }
    this.streams.set(streamId, attachment);
    attachment.start(attached.value.session, attached.value.replay);
    this.options.logger.info({ streamId, session, created: attached.value.created }, "relay stream opened");
  }

  handleClose(message: z.infer<typeof RelayClose>): void {
    this.close(message.streamId);
  }

  /** A binary frame from the gateway: input for one relay stream. */
  handleFrame(frame: Uint8Array): void {
    const decoded = decodeRelayFrame(frame);
    if (!decoded) return;
    const stream = this.streams.get(decoded.streamId);
    if (stream) stream.input(decoded.payload);
    else this.options.logger.debug({ streamId: decoded.streamId }, "frame for an unknown relay stream");
  }

  /** The gateway socket dropped: every relay stream went with it (sessions stay, unattached). */
  closeAll(): void {
    for (const stream of this.streams.values()) stream.detach();
    this.streams.clear();
  }

  private close(streamId: number): void {
    this.streams.get(streamId)?.detach();
    this.streams.delete(streamId);
  }

  private forget(attachment: RelayAttachment): void {
    if (this.streams.get(attachment.streamId) === attachment) this.streams.delete(attachment.streamId);
  }

  private refuse(streamId: number, failure: Failure): void {
    this.options.logger.warn({ streamId, failure }, "relay stream refused");
    this.options.transport.send({ type: "error", ...failure });
    this.options.transport.send({ type: "relay-close", streamId });
  }
}

function validSize(cols: number, rows: number): boolean {
  return cols >= MIN_PTY_COLS && cols <= MAX_PTY_COLS && rows >= MIN_PTY_ROWS && rows <= MAX_PTY_ROWS;
}
