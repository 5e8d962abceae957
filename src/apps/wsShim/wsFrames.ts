import { MAX_CHANNEL_MESSAGE_BYTES, MAX_WS_CLOSE_REASON_BYTES } from "../../../protocol/limits.js";

/**
 * The `gangway.ws.v1` framing (protocol/streams.ts), written out here rather than imported
 * with the zod schemas so the shim that runs in every app document stays a few KiB.
 */
export const WS_FRAGMENT_TEXT = 0x01;
export const WS_FRAGMENT_CONTINUES = 0x02;

/**
 * One WebSocket message as data-channel messages: each a flag byte and at most
 * `MAX_CHANNEL_MESSAGE_BYTES - 1` payload bytes; all but the last flagged "more follows". An
 * empty message is one flag byte.
 */
export function fragmentMessage(
  payload: Uint8Array,
  text: boolean,
  maxBytes = MAX_CHANNEL_MESSAGE_BYTES,
): Uint8Array[] {
  const room = maxBytes - 1;
  const kind = text ? WS_FRAGMENT_TEXT : 0;
  const fragments: Uint8Array[] = [];
  let offset = 0;
  do {
    const end = Math.min(offset + room, payload.byteLength);
    const fragment = new Uint8Array(1 + end - offset);
    fragment[0] = kind | (end < payload.byteLength ? WS_FRAGMENT_CONTINUES : 0);
    fragment.set(payload.subarray(offset, end), 1);
    fragments.push(fragment);
    offset = end;
  } while (offset < payload.byteLength);
  return fragments;
}

/** A whole WebSocket message put back together. */
export interface AssembledMessage {
  text: boolean;
  data: Uint8Array<ArrayBuffer>;
}

/**
 * Puts fragments back together. `push` returns the message once its last fragment arrived,
 * null while more are due, and throws on an empty data-channel message (no flag byte).
 */
export class MessageAssembler {
  private parts: Uint8Array[] = [];
  private bytes = 0;

  push(fragment: Uint8Array): AssembledMessage | null {
    const flags = fragment[0];
    if (flags === undefined) throw new Error("a frame without its flag byte");
    this.parts.push(fragment.subarray(1));
    this.bytes += fragment.byteLength - 1;
    if (flags & WS_FRAGMENT_CONTINUES) return null;
    const data = new Uint8Array(this.bytes);
    let offset = 0;
    for (const part of this.parts) {
      data.set(part, offset);
      offset += part.byteLength;
    }
    this.parts = [];
    this.bytes = 0;
    return { text: (flags & WS_FRAGMENT_TEXT) !== 0, data };
  }
}

/**
 * Checks `close(code, reason)` arguments as the WebSocket API does: a code other than 1000
 * or 3000–4999 is an InvalidAccessError, a reason over 123 UTF-8 bytes a SyntaxError.
 */
export function validateClose(code: number | undefined, reason: string | undefined): void {
  if (code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999)) {
    throw new DOMException(
      `The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`,
      "InvalidAccessError",
    );
  }
  if (reason !== undefined && new TextEncoder().encode(reason).byteLength > MAX_WS_CLOSE_REASON_BYTES) {
    throw new DOMException(
      `The close reason must not be greater than ${MAX_WS_CLOSE_REASON_BYTES} UTF-8 bytes.`,
      "SyntaxError",
    );
  }
}

/** A text (control) message from the agent on a `ws` channel, checked by hand (see above). */
export type WsControl =
  | { type: "open"; protocol: string; extensions: string }
  | { type: "ack"; bytes: number }
  | { type: "close"; code: number; reason: string }
  | { type: "error"; code: string; message: string };

/** Parses an agent control message; null for anything the protocol does not allow. */
export function parseWsControl(text: string): WsControl | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const message = value as Record<string, unknown>;
  const isString = (key: string) => typeof message[key] === "string";
  const isInt = (key: string) => Number.isInteger(message[key]);
  switch (message.type) {
    case "open":
      return isString("protocol") && isString("extensions") ? (message as WsControl) : null;
    case "ack":
      return isInt("bytes") && (message.bytes as number) >= 0 ? (message as WsControl) : null;
    case "close":
      return isInt("code") && isString("reason") ? (message as WsControl) : null;
    case "error":
      return isString("code") && isString("message") ? (message as WsControl) : null;
    default:
      return null;
  }
}
