import type { RawData } from "ws";
import type { z } from "zod";
import { describeZodError, type ErrorCode } from "../../protocol/errors.js";
import { MAX_SIGNAL_MESSAGE_BYTES } from "../../protocol/limits.js";

/**
 * Hard cap on any WebSocket frame, enforced by `ws` before it buffers the frame (it then
 * closes with 1009). Well above MAX_SIGNAL_MESSAGE_BYTES so an oversized signaling message
 * still gets a typed MESSAGE_TOO_LARGE reply, and above any bench-relay chunk.
 */
export const WS_MAX_PAYLOAD_BYTES = 1024 * 1024;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };

/** Parses one JSON text message with a protocol schema, checking its size first. */
export function parseTextMessage<S extends z.ZodType>(
  schema: S,
  data: RawData,
  isBinary: boolean,
): ParseResult<z.infer<S>> {
  if (isBinary) return { ok: false, code: "INVALID_REQUEST", message: "expected a JSON text message" };
  const bytes = rawByteLength(data);
  if (bytes > MAX_SIGNAL_MESSAGE_BYTES) {
    return {
      ok: false,
      code: "MESSAGE_TOO_LARGE",
      message: `message is ${bytes} bytes; the limit is ${MAX_SIGNAL_MESSAGE_BYTES}`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(rawToBuffer(data).toString("utf8"));
  } catch {
    return { ok: false, code: "INVALID_REQUEST", message: "message: not valid JSON" };
  }
  const result = schema.safeParse(json);
  if (!result.success) return { ok: false, code: "INVALID_REQUEST", message: describeZodError(result.error) };
  return { ok: true, value: result.data };
}

export function rawToBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function rawByteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.byteLength, 0);
  return data.byteLength;
}
