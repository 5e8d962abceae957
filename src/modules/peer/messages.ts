import type { z } from "zod";
import { MAX_CHANNEL_MESSAGE_BYTES, MAX_SIGNAL_MESSAGE_BYTES } from "../../../protocol/limits.js";
import { ServerSignal } from "../../../protocol/signaling.js";
import { ControlToBrowser, HttpToBrowser, PtyToBrowser } from "../../../protocol/streams.js";

/**
 * Every text message the browser receives, parsed with the protocol schemas. A message that
 * is not JSON, too large, or does not match is null: callers drop it or fail, and never act
 * on a guess.
 */
function parseJson<S extends z.ZodType>(schema: S, text: string, maxLength: number): z.infer<S> | null {
  if (text.length > maxLength) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function parseServerSignal(text: string): ServerSignal | null {
  return parseJson(ServerSignal, text, MAX_SIGNAL_MESSAGE_BYTES);
}

export function parseControlMessage(text: string): ControlToBrowser | null {
  return parseJson(ControlToBrowser, text, MAX_CHANNEL_MESSAGE_BYTES);
}

export function parsePtyMessage(text: string): PtyToBrowser | null {
  return parseJson(PtyToBrowser, text, MAX_CHANNEL_MESSAGE_BYTES);
}

export function parseHttpMessage(text: string): HttpToBrowser | null {
  return parseJson(HttpToBrowser, text, MAX_CHANNEL_MESSAGE_BYTES);
}
