import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { APP_UPLOAD_WINDOW_BYTES, MAX_CHANNEL_MESSAGE_BYTES } from "../../../protocol/limits.js";
import { FakeDataChannel } from "../../testHelpers/fakeWebRtc";
import type { WsOpenRequest } from "../shared/bridge";
import { createWebSocketClass } from "./GangwayWebSocket";

class NativeSocket {
  constructor(
    readonly url: string,
    readonly protocols: unknown,
  ) {}
}

function setup() {
  const opened: { request: WsOpenRequest; channel: FakeDataChannel }[] = [];
  let refuse = false;
  const Shim = createWebSocketClass({
    native: NativeSocket as unknown as typeof WebSocket,
    location: { href: "http://8080--w--u.apps.localhost:7080/app/index.html", host: "8080--w--u.apps.localhost:7080" },
    open: async (request) => {
      if (refuse) throw new Error("no connection");
      const channel = new FakeDataChannel(JSON.stringify(request), {});
      opened.push({ request, channel });
      return channel as unknown as RTCDataChannel;
    },
  });
  return {
    Shim,
    opened,
    refuse: () => {
      refuse = true;
    },
    channel: () => opened.at(-1)?.channel as FakeDataChannel,
  };
}

/** Records every event a socket fires, in order. */
function record(socket: WebSocket): string[] {
  const events: string[] = [];
  socket.onopen = () => events.push("open");
  socket.onerror = () => events.push("error");
  socket.onmessage = (event) => events.push(`message:${typeof event.data === "string" ? event.data : "binary"}`);
  socket.addEventListener("close", (event) => events.push(`close:${event.code}:${event.reason}:${event.wasClean}`));
  return events;
}

async function openSocket(t: ReturnType<typeof setup>, url = "/socket?x=1", protocols?: string[]) {
  const socket = new t.Shim(url, protocols);
  const events = record(socket);
  await vi.waitFor(() => expect(t.opened.length).toBeGreaterThan(0));
  t.channel().open();
  t.channel().receive(JSON.stringify({ type: "open", protocol: protocols?.[0] ?? "", extensions: "" }));
  return { socket, events };
}

const frame = (flags: number, text: string) => new Uint8Array([flags, ...new TextEncoder().encode(text)]);

describe("the WebSocket shim", () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });
  afterEach(() => vi.useRealTimers());

  it("has the WebSocket constants and gives other origins the browser's own WebSocket", () => {
    expect([t.Shim.CONNECTING, t.Shim.OPEN, t.Shim.CLOSING, t.Shim.CLOSED]).toEqual([0, 1, 2, 3]);
    const other = new t.Shim("wss://example.com/feed", ["chat"]);
    expect(other).toBeInstanceOf(NativeSocket);
    expect(other).toBeInstanceOf(t.Shim);
    expect((other as unknown as NativeSocket).url).toBe("wss://example.com/feed");
  });

  it("sends what the app sent on open once the channel opens, when the agent's open came first", async () => {
    const socket = new t.Shim("/socket");
    socket.onopen = () => socket.send("hello");
    await vi.waitFor(() => expect(t.opened.length).toBe(1));
    // Chrome may deliver the agent's first message before the channel's open event.
    t.channel().receive(JSON.stringify({ type: "open", protocol: "", extensions: "" }));
    expect(socket.readyState).toBe(t.Shim.OPEN);
    expect(t.channel().sent).toEqual([]);
    t.channel().open();
    expect(t.channel().sent).toHaveLength(1);
    expect(new TextDecoder().decode((t.channel().sent[0] as Uint8Array).subarray(1))).toBe("hello");
  });

  it("asks for a channel to the same-origin path and opens with the app's subprotocol", async () => {
    const { socket, events } = await openSocket(t, "http://8080--w--u.apps.localhost:7080/ws?a=b#frag", ["v2", "v1"]);
    expect(t.opened[0]?.request).toEqual({ path: "/ws?a=b", protocols: ["v2", "v1"] });
    expect(socket.url).toBe("ws://8080--w--u.apps.localhost:7080/ws?a=b");
    expect(socket.readyState).toBe(t.Shim.OPEN);
    expect(socket.protocol).toBe("v2");
    expect(socket.OPEN).toBe(1);
    expect(events).toEqual(["open"]);
  });

  it("throws SyntaxError for bad URLs and protocols, InvalidStateError for send while connecting", () => {
    expect(() => new t.Shim("ftp://x/")).toThrow(expect.objectContaining({ name: "SyntaxError" }));
    expect(() => new t.Shim("/ws", ["a", "a"])).toThrow(expect.objectContaining({ name: "SyntaxError" }));
    expect(() => new t.Shim("/ws", "bad protocol")).toThrow(expect.objectContaining({ name: "SyntaxError" }));
    const socket = new t.Shim("/ws");
    expect(() => socket.send("x")).toThrow(expect.objectContaining({ name: "InvalidStateError" }));
  });

  it("reassembles text and binary messages, honouring binaryType", async () => {
    const { socket, events } = await openSocket(t);
    const received: unknown[] = [];
    socket.addEventListener("message", (event) => received.push(event.data));
    t.channel().receive(frame(0x03, "hel"));
    t.channel().receive(frame(0x01, "lo"));
    socket.binaryType = "arraybuffer";
    t.channel().receive(new Uint8Array([0x00, 7, 8]));
    socket.binaryType = "nonsense" as BinaryType;
    expect(socket.binaryType).toBe("arraybuffer");
    socket.binaryType = "blob";
    t.channel().receive(new Uint8Array([0x02, 1]));
    t.channel().receive(new Uint8Array([0x00, 2]));
    expect(events).toEqual(["open", "message:hello", "message:binary", "message:binary"]);
    expect(received[0]).toBe("hello");
    expect([...new Uint8Array(received[1] as ArrayBuffer)]).toEqual([7, 8]);
    expect(received[2]).toBeInstanceOf(Blob);
    expect([...new Uint8Array(await (received[2] as Blob).arrayBuffer())]).toEqual([1, 2]);
  });

  it("sends strings as text and buffers, views and blobs as binary, in order", async () => {
    const { socket } = await openSocket(t);
    socket.send("hi");
    socket.send(new Blob([new Uint8Array([9])]));
    socket.send(new Uint8Array([1, 2, 3]).subarray(1));
    socket.send(new Uint8Array([4]).buffer);
    await vi.waitFor(() => expect(t.channel().sent).toHaveLength(4));
    expect(t.channel().sent.map((m) => [...(m as Uint8Array)])).toEqual([
      [0x01, 104, 105],
      [0x00, 9],
      [0x00, 2, 3],
      [0x00, 4],
    ]);
  });

  it("splits large messages and stops at the upload window until the agent acknowledges", async () => {
    const { socket } = await openSocket(t);
    const size = APP_UPLOAD_WINDOW_BYTES + 100_000;
    socket.send(new Uint8Array(size));
    const sentBytes = () => t.channel().sent.reduce((sum, m) => sum + (m as Uint8Array).byteLength, 0);
    expect(sentBytes()).toBeLessThanOrEqual(APP_UPLOAD_WINDOW_BYTES);
    expect(t.channel().sent.every((m) => (m as Uint8Array).byteLength <= MAX_CHANNEL_MESSAGE_BYTES)).toBe(true);
    expect(socket.bufferedAmount).toBeGreaterThan(0);
    t.channel().receive(JSON.stringify({ type: "ack", bytes: sentBytes() }));
    const fragments = t.channel().sent as Uint8Array[];
    expect(fragments.reduce((sum, m) => sum + m.byteLength - 1, 0)).toBe(size);
    expect(fragments.slice(0, -1).every((m) => m[0] === 0x02)).toBe(true);
    expect(fragments.at(-1)?.[0]).toBe(0x00);
    expect(socket.bufferedAmount).toBe(0);
  });

  it("closes cleanly: validates, asks the agent, and reports the agent's code and reason", async () => {
    const { socket, events } = await openSocket(t);
    expect(() => socket.close(1001)).toThrow(expect.objectContaining({ name: "InvalidAccessError" }));
    socket.close(4000, "done");
    expect(socket.readyState).toBe(t.Shim.CLOSING);
    expect(t.channel().sentJson()).toEqual([{ type: "close", code: 4000, reason: "done" }]);
    socket.send("late");
    expect(socket.bufferedAmount).toBe(4);
    t.channel().receive(JSON.stringify({ type: "close", code: 4000, reason: "done" }));
    expect(socket.readyState).toBe(t.Shim.CLOSED);
    expect(events).toEqual(["open", "close:4000:done:true"]);
  });

  it("a close without a code sends none, and the app's close (1005) is clean", async () => {
    const { socket, events } = await openSocket(t);
    socket.close();
    expect(t.channel().sentJson()).toEqual([{ type: "close", reason: "" }]);
    t.channel().receive(JSON.stringify({ type: "close", code: 1005, reason: "" }));
    expect(events).toEqual(["open", "close:1005::true"]);
  });

  it("a lost channel or an agent error is error, then close 1006, not clean", async () => {
    const first = await openSocket(t);
    t.channel().remoteClose();
    expect(first.events).toEqual(["open", "error", "close:1006::false"]);
    const second = await openSocket(t);
    t.channel().receive(JSON.stringify({ type: "error", code: "PROVIDER_ERROR", message: "gone" }));
    expect(second.events).toEqual(["open", "error", "close:1006::false"]);
    expect(t.channel().readyState).toBe("closed");
  });

  it("fails with 1006 when there is no connection, or when closed while connecting", async () => {
    const closing = new t.Shim("/ws");
    const closingEvents = record(closing);
    closing.close();
    expect(closing.readyState).toBe(t.Shim.CLOSING);
    await vi.waitFor(() => expect(closingEvents).toEqual(["error", "close:1006::false"]));
    await vi.waitFor(() => expect(t.channel().readyState).toBe("closed"));
    t.refuse();
    const refused = new t.Shim("/ws");
    const refusedEvents = record(refused);
    await vi.waitFor(() => expect(refusedEvents).toEqual(["error", "close:1006::false"]));
  });

  it("lets a handler property be replaced and cleared", async () => {
    const socket = new t.Shim("/ws");
    const calls: string[] = [];
    socket.onclose = () => calls.push("first");
    socket.onclose = () => calls.push("second");
    expect(typeof socket.onclose).toBe("function");
    socket.close();
    await vi.waitFor(() => expect(calls).toEqual(["second"]));
    socket.onclose = null;
    expect(socket.onclose).toBeNull();
  });
});
