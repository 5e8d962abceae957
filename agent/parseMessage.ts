import type { z } from "zod";
import { describeZodError } from "../protocol/errors.js";
import { fail, ok, type Result } from "./result.js";

/** Parses a received JSON text message with its protocol schema; never throws. */
export function parseMessage<S extends z.ZodType>(text: string, schema: S, maxBytes: number): Result<z.infer<S>> {
  if (Buffer.byteLength(text) > maxBytes) return fail("MESSAGE_TOO_LARGE", `message larger than ${maxBytes} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail("INVALID_REQUEST", "message is not valid JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return fail("INVALID_REQUEST", describeZodError(parsed.error));
  return ok(parsed.data);
}
