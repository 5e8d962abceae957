import type { AgentToServer } from "../../protocol/agent.js";
import { encodeRelayFrame } from "../../protocol/relay.js";
import type { Attachment, PtyExitStatus } from "../pty/Attachment.js";
import { chunkBytes } from "../pty/chunkBytes.js";
import { HIGH_WATER_MARK_BYTES, LOW_WATER_MARK_BYTES, OUTPUT_CHUNK_BYTES } from "../pty/flowControl.js";
import type { PtySession } from "../pty/PtySession.js";

/** What the relay needs from the gateway socket. */
export interface RelayTransport {
  send(message: AgentToServer): boolean;
  sendBinary(frame: Uint8Array, onFlushed: (error?: Error) => void): boolean;
}

/**
 * A terminal attachment whose bytes travel through the gateway (bench reference only). Same
 * replay and flow control as a data channel; congestion is what the socket has not flushed.
 */
export class RelayAttachment implements Attachment {
  private session: PtySession | null = null;
  private unflushedBytes = 0;

  constructor(
    readonly streamId: number,
    private readonly transport: RelayTransport,
    private readonly onEnded: (attachment: RelayAttachment) => void,
  ) {}

  /** Takes over an attached session: sends the replay, after which live output follows. */
  start(session: PtySession, replay: Uint8Array): void {
    this.session = session;
    this.output(replay);
  }

  output(bytes: Uint8Array): void {
    for (const chunk of chunkBytes(bytes, OUTPUT_CHUNK_BYTES)) {
      const frame = encodeRelayFrame(this.streamId, chunk);
      if (this.transport.sendBinary(frame, () => this.flushed(frame.byteLength))) {
        this.unflushedBytes += frame.byteLength;
      }
    }
  }

  isCongested(): boolean {
    return this.unflushedBytes > HIGH_WATER_MARK_BYTES;
  }

  ended(_status: PtyExitStatus): void {
    this.session = null;
    this.transport.send({ type: "relay-close", streamId: this.streamId });
    this.onEnded(this);
  }

  input(bytes: Uint8Array): void {
    this.session?.write(bytes);
  }

  detach(): void {
    this.session?.detach(this);
    this.session = null;
  }

  private flushed(bytes: number): void {
    this.unflushedBytes -= bytes;
    if (this.unflushedBytes <= LOW_WATER_MARK_BYTES) this.session?.refreshFlow();
  }
}
