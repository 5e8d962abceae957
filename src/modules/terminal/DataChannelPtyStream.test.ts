import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakePeerConnection } from "../../testHelpers/fakeWebRtc";
import type { PeerHost } from "../peer/PeerConnection";
import { DataChannelPtyStream, INPUT_HIGH_WATER_BYTES, REOPEN_DELAY_MS } from "./DataChannelPtyStream";
import { discardEarlyPty, openEarlyPty } from "./earlyPty";
import type { PtyStreamHandlers } from "./PtyTransport";

const SESSION = "3f0c8a52-7d1e-4b6a-9c2d-5e8f1a2b3c4d";
const bytes = (text: string) => new TextEncoder().encode(text);
const attached = (created = true) => JSON.stringify({ type: "attached", session: SESSION, created, replayBytes: 5 });

class FakePeerHost implements PeerHost {
  private listeners = new Set<(peer: RTCPeerConnection) => void>();

  onPeer(listener: (peer: RTCPeerConnection) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hands an existing peer connection to the listeners. */
  listen(peer: RTCPeerConnection): void {
    for (const listener of this.listeners) listener(peer);
  }

  /** A new peer connection came up; returns it. */
  emit(): FakePeerConnection {
    const peer = new FakePeerConnection({});
    peer.connectionState = "connected";
    for (const listener of this.listeners) listener(peer as unknown as RTCPeerConnection);
    return peer;
  }

  get listenerCount() {
    return this.listeners.size;
  }
}

function setup() {
  const host = new FakePeerHost();
  const events: string[] = [];
  const handlers: PtyStreamHandlers = {
    onReset: () => events.push("reset"),
    onOutput: (b) => events.push(`out:${new TextDecoder().decode(b)}`),
    onExit: (s) => events.push(`exit:${s.exitCode}`),
    onError: (code) => events.push(`error:${code}`),
  };
  const stream = new DataChannelPtyStream(host, SESSION, { cols: 120, rows: 40 }, handlers);
  return { host, events, stream };
}

describe("DataChannelPtyStream", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("opens a pty channel named by the session and size", () => {
    const { host } = setup();
    const channel = host.emit().channels[0];
    expect(JSON.parse(channel?.label ?? "")).toEqual({ session: SESSION, cols: 120, rows: 40 });
    expect(channel?.init).toEqual({ protocol: "gangway.pty.v1", ordered: true });
    expect(channel?.binaryType).toBe("arraybuffer");
  });

  it("resets on attach, then writes replay and live output; input waits for the attach", () => {
    const { host, events, stream } = setup();
    const channel = host.emit().channels[0];
    stream.write(bytes("ls\r"));
    channel?.open();
    expect(channel?.sent).toEqual([]);

    channel?.receive(attached());
    channel?.receive(bytes("$ "));
    channel?.receive(bytes("ls\r\n"));
    expect(events).toEqual(["reset", "out:$ ", "out:ls\r\n"]);
    expect(channel?.sentBytes()).toBe("ls\r");
  });

  it("sends input and its size once the channel opens, when `attached` arrived before the open event", () => {
    const { host, stream } = setup();
    const channel = host.emit().channels[0];
    stream.resize({ cols: 90, rows: 20 });
    stream.write(bytes("pwd\r"));
    channel?.receive(attached());
    expect(channel?.sent).toEqual([]);
    channel?.open();
    expect(channel?.sentJson()).toEqual([{ type: "resize", cols: 90, rows: 20 }]);
    expect(channel?.sentBytes()).toBe("pwd\r");
  });

  it("re-attaches to the same session on a new peer connection without duplicating output", () => {
    const { host, events, stream } = setup();
    const first = host.emit().channels[0];
    first?.open();
    first?.receive(attached());
    first?.receive(bytes("one"));

    stream.resize({ cols: 100, rows: 30 });
    const second = host.emit().channels[0];
    expect(first?.readyState).toBe("closed");
    expect(JSON.parse(second?.label ?? "")).toEqual({ session: SESSION, cols: 100, rows: 30 });

    first?.receive(bytes("stale"));
    second?.open();
    second?.receive(attached(false));
    second?.receive(bytes("one"));
    expect(events).toEqual(["reset", "out:one", "reset", "out:one"]);
  });

  it("sends a resize only after the attach and only when the size changed", () => {
    const { host, stream } = setup();
    const channel = host.emit().channels[0];
    channel?.open();
    stream.resize({ cols: 120, rows: 40 });
    channel?.receive(attached());
    stream.resize({ cols: 120, rows: 40 });
    expect(channel?.sentJson()).toEqual([]);

    stream.resize({ cols: 90.7, rows: 5000 });
    expect(channel?.sentJson()).toEqual([{ type: "resize", cols: 90, rows: 500 }]);
  });

  it("holds input back while the channel's buffer is full", () => {
    const { host, stream } = setup();
    const channel = host.emit().channels[0];
    channel?.open();
    channel?.receive(attached());
    if (!channel) throw new Error("no channel");
    channel.bufferedAmount = INPUT_HIGH_WATER_BYTES;
    stream.write(bytes("held"));
    expect(channel.sentBytes()).toBe("");
    channel.bufferedAmount = 0;
    channel.onbufferedamountlow?.(new Event("bufferedamountlow"));
    expect(channel.sentBytes()).toBe("held");
  });

  it("reports the exit and stays closed", () => {
    const { host, events, stream } = setup();
    const channel = host.emit().channels[0];
    channel?.open();
    channel?.receive(attached());
    channel?.receive(JSON.stringify({ type: "exit", exitCode: 3, signal: null }));
    expect(events).toEqual(["reset", "exit:3"]);
    expect(channel?.readyState).toBe("closed");

    stream.write(bytes("x"));
    expect(host.emit().channels).toEqual([]);
  });

  it("reports the agent's error by code", () => {
    const { host, events } = setup();
    const channel = host.emit().channels[0];
    channel?.open();
    channel?.receive(JSON.stringify({ type: "error", code: "PTY_ERROR", message: "fork failed" }));
    expect(events).toEqual(["error:PTY_ERROR"]);
  });

  it("re-opens a channel the agent dropped while the connection stayed up", async () => {
    const { host } = setup();
    const peer = host.emit();
    peer.channels[0]?.open();
    peer.channels[0]?.receive(attached());
    peer.channels[0]?.remoteClose();
    expect(peer.channels).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(REOPEN_DELAY_MS);
    expect(peer.channels).toHaveLength(2);
  });

  it("closes its channel and stops listening when closed", () => {
    const { host, stream } = setup();
    const channel = host.emit().channels[0];
    stream.close();
    expect(channel?.readyState).toBe("closed");
    expect(host.listenerCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("DataChannelPtyStream adopting the entry chunk's early channel", () => {
  it("takes over the early channel of its session, replays what arrived, then sends its measured size", () => {
    const peer = new FakePeerConnection({});
    peer.connectionState = "connected";
    const pc = peer as unknown as RTCPeerConnection;
    openEarlyPty(pc, SESSION, { cols: 100, rows: 30 });
    const early = peer.channels[0];
    early?.open();
    early?.receive(attached());
    early?.receive(bytes("$ "));

    const host = new FakePeerHost();
    const events: string[] = [];
    const stream = new DataChannelPtyStream(
      host,
      SESSION,
      { cols: 120, rows: 40 },
      {
        onReset: () => events.push("reset"),
        onOutput: (b) => events.push(`out:${new TextDecoder().decode(b)}`),
        onExit: () => undefined,
        onError: () => undefined,
      },
    );
    host.listen(pc);

    expect(peer.channels).toHaveLength(1);
    expect(events).toEqual(["reset", "out:$ "]);
    expect(early?.sent.filter((message) => typeof message === "string").map((m) => JSON.parse(m as string))).toEqual([
      { type: "resize", cols: 120, rows: 40 },
    ]);
    early?.receive(bytes("live"));
    expect(events.at(-1)).toBe("out:live");
    stream.write(bytes("x"));
    expect(early?.sentBytes()).toBe("x");
  });

  it("leaves another session's early channel alone and opens its own", () => {
    const peer = new FakePeerConnection({});
    const pc = peer as unknown as RTCPeerConnection;
    openEarlyPty(pc, "9a0c8a52-7d1e-4b6a-9c2d-5e8f1a2b3c4d", { cols: 80, rows: 24 });
    const host = new FakePeerHost();
    new DataChannelPtyStream(
      host,
      SESSION,
      { cols: 120, rows: 40 },
      {
        onReset: () => undefined,
        onOutput: () => undefined,
        onExit: () => undefined,
        onError: () => undefined,
      },
    );
    host.listen(pc);
    expect(peer.channels).toHaveLength(2);
    expect(JSON.parse(peer.channels[1]?.label ?? "")).toMatchObject({ session: SESSION });
    discardEarlyPty();
    expect(peer.channels[0]?.readyState).toBe("closed");
  });
});
