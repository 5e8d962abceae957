import { MAX_CHANNEL_MESSAGE_BYTES } from "../../../protocol/limits.js";

/**
 * Input waiting to be sent. Bounded: typing into a terminal that has been unreachable for
 * minutes should not replay a novel when it comes back. 1 MiB still holds any paste.
 */
export const MAX_QUEUED_INPUT_BYTES = 1024 * 1024;

/** Bytes in order, taken out in messages no larger than the protocol's channel limit. */
export class InputQueue {
  private chunks: Uint8Array<ArrayBuffer>[] = [];
  private size = 0;

  get byteLength(): number {
    return this.size;
  }

  /** Returns false, dropping `bytes`, when the queue is full. */
  push(bytes: Uint8Array<ArrayBuffer>): boolean {
    if (bytes.byteLength === 0) return true;
    if (this.size + bytes.byteLength > MAX_QUEUED_INPUT_BYTES) return false;
    this.chunks.push(bytes);
    this.size += bytes.byteLength;
    return true;
  }

  /** The next message to send, at most MAX_CHANNEL_MESSAGE_BYTES, or null when empty. */
  take(): Uint8Array<ArrayBuffer> | null {
    const first = this.chunks[0];
    if (!first) return null;
    if (first.byteLength > MAX_CHANNEL_MESSAGE_BYTES) {
      const head = first.subarray(0, MAX_CHANNEL_MESSAGE_BYTES);
      this.chunks[0] = first.subarray(MAX_CHANNEL_MESSAGE_BYTES);
      this.size -= head.byteLength;
      return head;
    }
    // Coalesce small pieces (keystrokes typed while waiting) into one message.
    const parts: Uint8Array<ArrayBuffer>[] = [];
    let length = 0;
    while (this.chunks[0] && length + this.chunks[0].byteLength <= MAX_CHANNEL_MESSAGE_BYTES) {
      const chunk = this.chunks.shift() as Uint8Array<ArrayBuffer>;
      parts.push(chunk);
      length += chunk.byteLength;
    }
    this.size -= length;
    if (parts.length === 1) return parts[0] ?? null;
    const message = new Uint8Array(length);
    let offset = 0;
    for (const part of parts) {
      message.set(part, offset);
      offset += part.byteLength;
    }
    return message;
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
  }
}
