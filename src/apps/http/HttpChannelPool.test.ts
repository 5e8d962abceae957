import { describe, expect, it, vi } from "vitest";
import { APP_UPLOAD_WINDOW_BYTES, MAX_CHANNEL_MESSAGE_BYTES } from "../../../protocol/limits.js";
import { FakePeerConnection } from "../../testHelpers/fakeWebRtc";
import { HttpChannelPool } from "./HttpChannelPool";
import { DOWNLOAD_ACK_EVERY_BYTES, type ExchangeOutcome } from "./HttpExchange";
import { readText, streamOf } from "./testHelpers";

const LABEL = '{"port":8080}';
const head = (status = 200) => JSON.stringify({ type: "response", status, statusText: "OK", headers: [["X-A", "1"]] });
const END = JSON.stringify({ type: "end" });
const get = { method: "GET", path: "/index.html?x=1", headers: [["Accept", "*/*"]] as [string, string][], body: null };

function setup(size?: number) {
  const peer = new FakePeerConnection({});
  const pool = new HttpChannelPool(peer as unknown as RTCPeerConnection, LABEL, size);
  return { peer, pool, channel: (i: number) => peer.channels[i] as FakePeerConnection["channels"][number] };
}

const response = (outcome: ExchangeOutcome) => {
  if (outcome.kind !== "response") throw new Error(`expected a response, got ${outcome.message}`);
  return outcome;
};
const binarySent = (bytes: (string | Uint8Array)[]) =>
  bytes.filter((m): m is Uint8Array => typeof m !== "string").reduce((sum, m) => sum + m.byteLength, 0);

describe("HttpChannelPool", () => {
  it("sends a request on a new http channel once it opens and reuses the channel for the next", async () => {
    const t = setup();
    const first = t.pool.request(get);
    const channel = t.channel(0);
    expect(channel.label).toBe(LABEL);
    expect(channel.init.protocol).toBe("gangway.http.v1");
    expect(channel.sent).toEqual([]);
    channel.open();
    await vi.waitFor(() => expect(channel.sentJson()).toHaveLength(2));
    expect(channel.sentJson()).toEqual([
      { type: "request", method: "GET", path: "/index.html?x=1", headers: [["Accept", "*/*"]] },
      { type: "end" },
    ]);
    channel.receive(head());
    const outcome = response(await first);
    expect(outcome.head.headers).toEqual([["X-A", "1"]]);
    channel.receive(new TextEncoder().encode("hello "));
    channel.receive(new TextEncoder().encode("world"));
    channel.receive(END);
    expect(await readText(outcome.body)).toBe("hello world");

    const second = t.pool.request(get);
    await vi.waitFor(() => expect(channel.sentJson()).toHaveLength(4));
    channel.receive(head(204));
    channel.receive(END);
    expect(response(await second).head.status).toBe(204);
    expect(t.peer.channels).toHaveLength(1);
  });

  it("uploads in channel-sized messages within the window, continuing as the agent acknowledges", async () => {
    const t = setup();
    const size = APP_UPLOAD_WINDOW_BYTES * 2 + 1000;
    const pending = t.pool.request({ ...get, method: "POST", body: streamOf(new Uint8Array(size)) });
    const channel = t.channel(0);
    channel.open();
    await vi.waitFor(() => expect(binarySent(channel.sent)).toBe(APP_UPLOAD_WINDOW_BYTES));
    expect(channel.sent.every((m) => typeof m === "string" || m.byteLength <= MAX_CHANNEL_MESSAGE_BYTES)).toBe(true);
    channel.receive(JSON.stringify({ type: "ack", bytes: APP_UPLOAD_WINDOW_BYTES }));
    await vi.waitFor(() => expect(binarySent(channel.sent)).toBe(APP_UPLOAD_WINDOW_BYTES * 2));
    channel.receive(JSON.stringify({ type: "ack", bytes: APP_UPLOAD_WINDOW_BYTES * 2 }));
    await vi.waitFor(() => expect(channel.sentJson().at(-1)).toEqual({ type: "end" }));
    expect(binarySent(channel.sent)).toBe(size);
    channel.receive(head(201));
    channel.receive(END);
    expect(response(await pending).head.status).toBe(201);
  });

  it("acknowledges response bytes only as they are read", async () => {
    const t = setup();
    const pending = t.pool.request(get);
    const channel = t.channel(0);
    channel.open();
    channel.receive(head());
    const chunk = new Uint8Array(MAX_CHANNEL_MESSAGE_BYTES);
    const chunks = (DOWNLOAD_ACK_EVERY_BYTES / MAX_CHANNEL_MESSAGE_BYTES) * 2 + 1;
    for (let i = 0; i < chunks; i++) channel.receive(chunk);
    const acks = () => channel.sentJson().filter((m) => (m as { type: string }).type === "ack");
    const reader = response(await pending).body.getReader();
    expect(acks()).toEqual([]);
    let read = 0;
    while (read < DOWNLOAD_ACK_EVERY_BYTES) read += (await reader.read()).value?.byteLength ?? 0;
    expect(acks()).toEqual([{ type: "ack", bytes: DOWNLOAD_ACK_EVERY_BYTES }]);
    while (read < DOWNLOAD_ACK_EVERY_BYTES * 2) read += (await reader.read()).value?.byteLength ?? 0;
    expect(acks()).toHaveLength(2);
    channel.receive(END);
    expect((await reader.read()).value?.byteLength).toBe(MAX_CHANNEL_MESSAGE_BYTES);
    expect((await reader.read()).done).toBe(true);
  });

  it("turns an agent error before the head into a failure and keeps the channel", async () => {
    const t = setup();
    const pending = t.pool.request(get);
    t.channel(0).open();
    t.channel(0).receive(JSON.stringify({ type: "error", code: "PROVIDER_ERROR", message: "nothing on 8080" }));
    expect(await pending).toEqual({ kind: "failed", code: "PROVIDER_ERROR", message: "nothing on 8080" });
    void t.pool.request(get);
    await vi.waitFor(() => expect(t.channel(0).sentJson()).toHaveLength(4));
    expect(t.peer.channels).toHaveLength(1);
  });

  it("errors the body when the agent fails mid-body, and fails a request whose channel is lost", async () => {
    const t = setup();
    const pending = t.pool.request(get);
    t.channel(0).open();
    t.channel(0).receive(head());
    t.channel(0).receive(new Uint8Array([1]));
    t.channel(0).receive(JSON.stringify({ type: "error", code: "PROVIDER_ERROR", message: "reset" }));
    await expect(readText(response(await pending).body)).rejects.toThrow(/reset/);

    const lost = t.pool.request(get);
    await vi.waitFor(() => expect(t.channel(0).sentJson()).toHaveLength(4));
    t.channel(0).remoteClose();
    expect(await lost).toMatchObject({ kind: "failed", code: null });
    void t.pool.request(get);
    expect(t.peer.channels).toHaveLength(2);
  });

  it("closes the channel of a response nobody reads to the end, and opens a new one next time", async () => {
    const t = setup();
    const pending = t.pool.request(get);
    t.channel(0).open();
    t.channel(0).receive(head());
    t.channel(0).receive(new Uint8Array(10));
    await response(await pending).body.cancel();
    expect(t.channel(0).readyState).toBe("closed");
    void t.pool.request(get);
    expect(t.peer.channels).toHaveLength(2);
  });

  it("holds requests beyond the pool size until a channel is free", async () => {
    const t = setup(2);
    const requests = [t.pool.request(get), t.pool.request(get), t.pool.request(get)];
    expect(t.peer.channels).toHaveLength(2);
    t.channel(0).open();
    t.channel(1).open();
    t.channel(0).receive(head());
    t.channel(0).receive(END);
    await requests[0];
    await vi.waitFor(() => expect(t.channel(0).sentJson()).toHaveLength(4));
    t.channel(0).receive(head(202));
    t.channel(0).receive(END);
    expect(response(await (requests[2] as Promise<ExchangeOutcome>)).head.status).toBe(202);
    expect(t.peer.channels).toHaveLength(2);
  });

  it("refuses a broken framing by closing the channel", async () => {
    const t = setup();
    const pending = t.pool.request(get);
    t.channel(0).open();
    t.channel(0).receive(new Uint8Array([1]));
    expect(await pending).toMatchObject({ kind: "failed", code: "INVALID_REQUEST" });
    expect(t.channel(0).readyState).toBe("closed");
  });
});
