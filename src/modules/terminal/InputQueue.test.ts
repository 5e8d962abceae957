import { describe, expect, it } from "vitest";
import { MAX_CHANNEL_MESSAGE_BYTES } from "../../../protocol/limits.js";
import { InputQueue, MAX_QUEUED_INPUT_BYTES } from "./InputQueue";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("InputQueue", () => {
  it("coalesces keystrokes into one message, in order", () => {
    const queue = new InputQueue();
    queue.push(bytes("l"));
    queue.push(bytes("s"));
    queue.push(bytes("\r"));
    expect(new TextDecoder().decode(queue.take() ?? undefined)).toBe("ls\r");
    expect(queue.take()).toBeNull();
    expect(queue.byteLength).toBe(0);
  });

  it("splits a large paste into messages within the channel limit", () => {
    const queue = new InputQueue();
    const paste = new Uint8Array(MAX_CHANNEL_MESSAGE_BYTES * 2 + 10).map((_, i) => i % 251);
    queue.push(paste);
    const sizes: number[] = [];
    const received: number[] = [];
    for (let message = queue.take(); message; message = queue.take()) {
      sizes.push(message.byteLength);
      received.push(...message);
    }
    expect(sizes).toEqual([MAX_CHANNEL_MESSAGE_BYTES, MAX_CHANNEL_MESSAGE_BYTES, 10]);
    expect(received).toEqual([...paste]);
  });

  it("refuses input beyond its bound", () => {
    const queue = new InputQueue();
    expect(queue.push(new Uint8Array(MAX_QUEUED_INPUT_BYTES))).toBe(true);
    expect(queue.push(bytes("x"))).toBe(false);
    expect(queue.byteLength).toBe(MAX_QUEUED_INPUT_BYTES);
  });
});
