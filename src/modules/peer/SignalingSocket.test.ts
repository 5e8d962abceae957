import { describe, expect, it, vi } from "vitest";
import { SignalingSocket } from "./SignalingSocket";

const HELLO = JSON.stringify({ type: "hello", protocolVersion: 1, connectionId: crypto.randomUUID(), iceServers: [] });

describe("SignalingSocket", () => {
  it("replays what an adopted socket received before, after its owner holds it, then live events", async () => {
    const socket = new EventTarget() as WebSocket;
    const seen: string[] = [];
    const events = {
      onMessage: vi.fn((message: { type: string }) => seen.push(message.type)),
      onInvalidMessage: vi.fn(() => seen.push("invalid")),
      onClose: vi.fn((code: number) => seen.push(`close ${code}`)),
    };
    const pending = [new MessageEvent("message", { data: HELLO }), new MessageEvent("message", { data: "{oops" })];
    new SignalingSocket("ws://x/signal", events, () => ({ socket, pending }));
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toEqual(["hello", "invalid"]);
    socket.onclose?.(new CloseEvent("close", { code: 4403 }));
    expect(seen).toEqual(["hello", "invalid", "close 4403"]);
  });

  it("replays an early close once and nothing after it", async () => {
    const socket = new EventTarget() as WebSocket;
    const onClose = vi.fn();
    const pending = [new CloseEvent("close", { code: 1006 }), new MessageEvent("message", { data: HELLO })];
    const onMessage = vi.fn();
    new SignalingSocket("ws://x/signal", { onMessage, onInvalidMessage: vi.fn(), onClose }, () => ({
      socket,
      pending,
    }));
    await Promise.resolve();
    expect(onClose).toHaveBeenCalledExactlyOnceWith(1006);
    expect(onMessage).not.toHaveBeenCalled();
  });
});
