import { createServer, type IncomingMessage, type Server } from "node:http";
import { createServer as createNetServer, type Socket } from "node:net";
import nodeDataChannel from "node-datachannel";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { MAX_CHANNEL_MESSAGE_BYTES } from "../../protocol/limits.js";
import { SEND_HIGH_WATER_MARK_BYTES } from "./appFlowControl.js";
import { ChannelSender } from "./ChannelSender.js";
import { AppPeer } from "./testHelpers/appPeer.js";
import { close, listen } from "./testHelpers/listen.js";
import { WsTestClient } from "./testHelpers/WsTestClient.js";

/** What the app saw of each WebSocket: its handshake and how it closed. */
interface AppSide {
  readonly request: IncomingMessage;
  readonly socket: WebSocket;
  closed?: { code: number; reason: string };
}

let server: Server;
let wss: WebSocketServer;
let port: number;
let peer: AppPeer;
let appSides: AppSide[] = [];
const clients: WsTestClient[] = [];

// One app server and one peer connection for the file; each test opens its own channels.
beforeAll(async () => {
  server = createServer();
  wss = new WebSocketServer({
    server,
    handleProtocols: (protocols) => protocols.values().next().value ?? false,
    verifyClient: ({ req }, done) => (req.url === "/forbidden" ? done(false, 403) : done(true)),
  });
  wss.on("connection", (socket, request) => {
    const side: AppSide = { request, socket };
    appSides.push(side);
    socket.on("message", (data, isBinary) => {
      const text = isBinary ? "" : data.toString();
      const close = /^close (\d+) (.*)$/.exec(text);
      const flood = /^flood (\d+) (\d+)$/.exec(text);
      if (close) socket.close(Number(close[1]), close[2]);
      else if (flood)
        for (let index = 0; index < Number(flood[1]); index++) socket.send(Buffer.alloc(Number(flood[2]), index));
      else socket.send(data, { binary: isBinary });
    });
    socket.on("close", (code, reason) => {
      side.closed = { code, reason: reason.toString() };
    });
  });
  port = await listen(server);
  peer = await AppPeer.connect();
});

beforeEach(() => {
  appSides = [];
});

afterEach(() => {
  for (const client of clients.splice(0)) {
    expect(client.violations).toEqual([]);
    client.close();
  }
  vi.restoreAllMocks();
});

afterAll(async () => {
  await peer.dispose();
  for (const socket of wss.clients) socket.terminate();
  wss.close();
  await close(server);
  nodeDataChannel.cleanup();
});

async function openSocket(label: Record<string, unknown> = {}): Promise<WsTestClient> {
  const client = await WsTestClient.open(peer.browser, { port, path: "/echo", ...label });
  clients.push(client);
  return client;
}

function waitForAppClose(side: () => AppSide | undefined): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      const closed = side()?.closed;
      if (closed) resolve(closed);
      else if (Date.now() - started < 10_000) return;
      else reject(new Error("the app's socket did not close"));
      clearInterval(timer);
    }, 10);
  });
}

describe("ws channel", () => {
  it("opens a WebSocket with the chosen subprotocol and echoes text and binary", async () => {
    const client = await openSocket({ protocols: ["vscode", "other"], headers: [["Origin", "https://app.example"]] });
    expect(await client.waitForMessage({ type: "open" })).toEqual({ type: "open", protocol: "vscode", extensions: "" });
    expect(appSides[0]?.request.headers.origin).toBe(`http://127.0.0.1:${port}`);
    expect(appSides[0]?.request.url).toBe("/echo");
    await client.send("héllo");
    await client.send(Uint8Array.of(0, 1, 2, 255));
    const [text, binary] = await client.waitForMessages(2);
    expect(text).toEqual({ text: true, data: Buffer.from("héllo") });
    expect(binary).toEqual({ text: false, data: Buffer.from([0, 1, 2, 255]) });
  });

  it("carries messages larger than a data-channel message in fragments, both ways", async () => {
    const client = await openSocket();
    await client.waitForMessage({ type: "open" });
    const big = Buffer.alloc(5 * MAX_CHANNEL_MESSAGE_BYTES + 3, 7);
    const bigText = "ü".repeat(3 * MAX_CHANNEL_MESSAGE_BYTES);
    await client.send(big);
    await client.send(bigText);
    const [binary, text] = await client.waitForMessages(2);
    expect(binary?.text).toBe(false);
    expect(binary?.data.equals(big)).toBe(true);
    expect(text?.text).toBe(true);
    expect(text?.data.toString()).toBe(bigText);
  });

  it("passes the browser's close code and reason to the app and reports the close", async () => {
    const client = await openSocket();
    await client.waitForMessage({ type: "open" });
    client.closeSocket(4001, "bye from the browser");
    expect(await waitForAppClose(() => appSides[0])).toEqual({ code: 4001, reason: "bye from the browser" });
    expect(await client.waitForMessage({ type: "close" })).toEqual({
      type: "close",
      code: 4001,
      reason: "bye from the browser",
    });
    await client.waitForClose();
  });

  it("passes the app's close code and reason to the browser", async () => {
    const client = await openSocket();
    await client.waitForMessage({ type: "open" });
    await client.send("close 4002 bye from the app");
    expect(await client.waitForMessage({ type: "close" })).toEqual({
      type: "close",
      code: 4002,
      reason: "bye from the app",
    });
    await client.waitForClose();
  });

  it("closes the app's socket as going away when the browser drops the channel", async () => {
    const client = await openSocket();
    await client.waitForMessage({ type: "open" });
    client.close();
    expect((await waitForAppClose(() => appSides[0])).code).toBe(1001);
  });

  it("relays many messages in order, both ways", async () => {
    const client = await openSocket();
    await client.waitForMessage({ type: "open" });
    const count = 200;
    for (let index = 0; index < count; index++) await client.send(Buffer.alloc(60_000, index));
    const messages = await client.waitForMessages(count, 30_000);
    expect(messages.every((message, index) => message.data.equals(Buffer.alloc(60_000, index)))).toBe(true);
  });

  it("stops reading an app that floods faster than the channel carries", async () => {
    let peakUnsent = 0;
    const bytes = ChannelSender.prototype.bytes;
    vi.spyOn(ChannelSender.prototype, "bytes").mockImplementation(function (this: ChannelSender, ...args) {
      bytes.apply(this, args);
      peakUnsent = Math.max(peakUnsent, this.unsentBytes);
    });
    const client = await openSocket();
    await client.waitForMessage({ type: "open" });
    const [count, size] = [500, 64 * 1024];
    await client.send(`flood ${count} ${size}`);
    const messages = await client.waitForMessages(count, 60_000);
    expect(messages.every((message, index) => message.data.equals(Buffer.alloc(size, index)))).toBe(true);
    // One message may land beyond the mark before reading stops; then the agent waits.
    expect(peakUnsent).toBeLessThanOrEqual(SEND_HIGH_WATER_MARK_BYTES + size + 2 * 64);
  }, 60_000);
});

describe("ws channel failures", () => {
  it("refuses bad labels with INVALID_REQUEST", async () => {
    for (const label of [
      { host: "10.0.0.1", port, path: "/" },
      { port: 0, path: "/" },
      { port: 70_000, path: "/" },
      { port, path: "no-slash" },
    ]) {
      const client = await WsTestClient.open(peer.browser, label);
      clients.push(client);
      await client.waitForMessage({ type: "error", code: "INVALID_REQUEST" });
      await client.waitForClose();
    }
  });

  it("refuses an oversized handshake with MESSAGE_TOO_LARGE", async () => {
    const headers = Array.from({ length: 5 }, (_, index) => [`x-big-${index}`, "y".repeat(4000)]);
    const client = await openSocket({ headers });
    await client.waitForMessage({ type: "error", code: "MESSAGE_TOO_LARGE" });
    await client.waitForClose();
  });

  it("reports a refused connection and a refused handshake as PROVIDER_ERROR", async () => {
    const refused = createServer();
    const refusedPort = await listen(refused);
    await close(refused);
    const nobody = await openSocket({ port: refusedPort });
    await nobody.waitForMessage({ type: "error", code: "PROVIDER_ERROR" });
    const forbidden = await openSocket({ path: "/forbidden" });
    const error = await forbidden.waitForMessage({ type: "error", code: "PROVIDER_ERROR" });
    expect(error.message).toContain("403");
    await forbidden.waitForClose();
  });

  it("refuses a frame sent before the WebSocket opened, and the agent stays up", async () => {
    // An app that accepts the connection and never answers the handshake: the WebSocket is
    // still pending when the frame arrives, whatever the timing (a refused port could fail first).
    const silent = createNetServer((socket) => held.push(socket));
    const held: Socket[] = [];
    const silentPort = await listen(silent);
    try {
      const client = await openSocket({ port: silentPort });
      client.sendBytes(Uint8Array.of(0, 1));
      const error = await client.waitForMessage({ type: "error" });
      expect(error.code).toBe("INVALID_REQUEST");
      await client.waitForClose();
    } finally {
      for (const socket of held) socket.destroy();
      await close(silent);
    }
    const next = await openSocket();
    await next.waitForMessage({ type: "open" });
  });
});
