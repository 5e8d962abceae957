/**
 * Just enough STUN (RFC 8489) and ICE (RFC 8445) to play the browser's side of one
 * connectivity check in tests: build a signed Binding request, read a message's header and error.
 */
import { createHmac } from "node:crypto";
import { crc32 } from "node:zlib";

const MAGIC_COOKIE = 0x2112a442;
const HEADER_BYTES = 20;
const FINGERPRINT_XOR = 0x5354554e;

const ATTRIBUTE = {
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  priority: 0x0024,
  useCandidate: 0x0025,
  fingerprint: 0x8028,
  iceControlled: 0x8029,
  iceControlling: 0x802a,
} as const;

export type StunClass = "request" | "indication" | "success" | "error";

export interface StunHeader {
  readonly method: number;
  readonly class: StunClass;
  readonly transactionId: Buffer;
}

export interface BindingRequest {
  readonly transactionId: Buffer;
  /** "<receiver's ufrag>:<sender's ufrag>" */
  readonly username: string;
  /** The receiver's ICE password: the MESSAGE-INTEGRITY key. */
  readonly password: string;
  readonly priority: number;
  readonly iceControlling?: bigint;
  readonly iceControlled?: bigint;
  readonly useCandidate?: boolean;
}

function attribute(type: number, value: Buffer): Buffer {
  const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
  padded.writeUInt16BE(type, 0);
  padded.writeUInt16BE(value.length, 2);
  value.copy(padded, 4);
  return padded;
}

function uint64(value: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(value);
  return bytes;
}

function header(transactionId: Buffer, bodyLength: number): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES);
  bytes.writeUInt16BE(0x0001, 0); // Binding request
  bytes.writeUInt16BE(bodyLength, 2);
  bytes.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(bytes, 8);
  return bytes;
}

/** A Binding request with MESSAGE-INTEGRITY and FINGERPRINT, as an ICE agent sends it. */
export function buildBindingRequest(request: BindingRequest): Buffer {
  const priority = Buffer.alloc(4);
  priority.writeUInt32BE(request.priority);
  const attributes = [
    attribute(ATTRIBUTE.username, Buffer.from(request.username, "utf8")),
    attribute(ATTRIBUTE.priority, priority),
    ...(request.iceControlling === undefined
      ? []
      : [attribute(ATTRIBUTE.iceControlling, uint64(request.iceControlling))]),
    ...(request.iceControlled === undefined ? [] : [attribute(ATTRIBUTE.iceControlled, uint64(request.iceControlled))]),
    ...(request.useCandidate ? [attribute(ATTRIBUTE.useCandidate, Buffer.alloc(0))] : []),
  ];
  let body = Buffer.concat(attributes);
  // MESSAGE-INTEGRITY covers the header with a length that already counts it (24 bytes).
  const integrity = createHmac("sha1", request.password)
    .update(Buffer.concat([header(request.transactionId, body.length + 24), body]))
    .digest();
  body = Buffer.concat([body, attribute(ATTRIBUTE.messageIntegrity, integrity)]);
  // FINGERPRINT likewise, over everything before it (8 bytes).
  const fingerprint = Buffer.alloc(4);
  fingerprint.writeUInt32BE(
    (crc32(Buffer.concat([header(request.transactionId, body.length + 8), body])) ^ FINGERPRINT_XOR) >>> 0,
  );
  body = Buffer.concat([body, attribute(ATTRIBUTE.fingerprint, fingerprint)]);
  return Buffer.concat([header(request.transactionId, body.length), body]);
}

/** The header of a STUN message, or null for anything else (DTLS, SCTP, garbage). */
export function parseStunHeader(message: Buffer): StunHeader | null {
  if (message.length < HEADER_BYTES || message.readUInt32BE(4) !== MAGIC_COOKIE) return null;
  const type = message.readUInt16BE(0);
  if ((type & 0xc000) !== 0) return null;
  const method = (type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2);
  const classBits = ((type & 0x0010) >> 4) | ((type & 0x0100) >> 7);
  const classes: StunClass[] = ["request", "indication", "success", "error"];
  return { method, class: classes[classBits] as StunClass, transactionId: message.subarray(8, 20) };
}

/** ERROR-CODE as a number (400, 487, …), or null when the message has none. */
export function readErrorCode(message: Buffer): number | null {
  let offset = HEADER_BYTES;
  while (offset + 4 <= message.length) {
    const type = message.readUInt16BE(offset);
    const length = message.readUInt16BE(offset + 2);
    if (type === ATTRIBUTE.errorCode && length >= 4) {
      return (message[offset + 6] ?? 0) * 100 + (message[offset + 7] ?? 0);
    }
    offset += 4 + Math.ceil(length / 4) * 4;
  }
  return null;
}
