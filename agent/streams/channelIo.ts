import type { DataChannel } from "node-datachannel";
import type { StreamError } from "../../protocol/streams.js";
import type { Failure } from "../result.js";

/** Runs `callback` once the channel is open (channels handed over by the peer usually already are). */
export function whenOpen(channel: DataChannel, callback: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    callback();
  };
  channel.onOpen(once);
  if (channel.isOpen()) once();
}

/** Sends a JSON text message; false when the channel is closed or refused it. */
export function sendText(channel: DataChannel, message: object): boolean {
  if (!channel.isOpen()) return false;
  try {
    channel.sendMessage(JSON.stringify(message));
    return true;
  } catch {
    return false;
  }
}

/** Sends one binary message without copying the bytes. */
export function sendBytes(channel: DataChannel, bytes: Uint8Array): boolean {
  if (!channel.isOpen()) return false;
  try {
    channel.sendMessageBinary(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return true;
  } catch {
    return false;
  }
}

export function sendStreamError(channel: DataChannel, failure: Failure): boolean {
  const message: StreamError = { type: "error", code: failure.code, message: failure.message };
  return sendText(channel, message);
}

/** A binary message as node-datachannel delivers it, as bytes. */
export function messageBytes(message: Buffer | ArrayBuffer): Uint8Array {
  return message instanceof ArrayBuffer ? new Uint8Array(message) : message;
}

/** Closes a channel that may already be gone; closing twice is harmless. */
export function closeChannel(channel: DataChannel): void {
  try {
    channel.close();
  } catch {
    // Already destroyed: nothing left to release.
  }
}
