import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import nodeDataChannel from "node-datachannel";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  APP_DOWNLOAD_WINDOW_BYTES,
  APP_UPLOAD_WINDOW_BYTES,
  MAX_CHANNEL_MESSAGE_BYTES,
} from "../../protocol/limits.js";
import { pollUntil } from "../testHelpers/waitUntil.js";
import type { AppLauncher, AppLaunchers } from "./AppLauncher.js";
import { SEND_HIGH_WATER_MARK_BYTES } from "./appFlowControl.js";
import { ChannelSender } from "./ChannelSender.js";
import { AppPeer } from "./testHelpers/appPeer.js";
import { HttpTestClient, type TestResponse } from "./testHelpers/HttpTestClient.js";
import { close, listen } from "./testHelpers/listen.js";

/** Deterministic bytes: the n-th byte of every generated body is n mod 251. */
function pattern(offset: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let index = 0; index < length; index++) bytes[index] = (offset + index) % 251;
  return bytes;
}

const RANGE_FILE = pattern(0, 1000);

/** Bytes the app has handed to its socket for /big, to compare with what the browser got. */
let bigBytesWritten = 0;
/** Resolves when the app saw a response it was writing cut off. */
let responseCut: () => void = () => {};
/** Resolves when the app should read /slow-sink's request body. */
let releaseSink: () => void = () => {};

function app(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? "/", "http://app");
  switch (url.pathname) {
    case "/hello":
      response.setHeader("content-type", "text/plain");
      response.end("hello");
      return;
    case "/echo":
      response.setHeader("content-type", request.headers["content-type"] ?? "application/octet-stream");
      request.pipe(response);
      return;
    case "/headers":
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify(request.rawHeaders));
      return;
    case "/redirect":
      response.writeHead(302, { location: "/hello", "set-cookie": ["a=1", "b=2"] });
      response.end();
      return;
    case "/range":
      serveRange(request, response);
      return;
    case "/big":
      serveBig(Number(url.searchParams.get("bytes")), response);
      return;
    case "/early":
      // Answers without reading the body; Node drains it meanwhile. (An app that closes the
      // connection instead races its answer against the agent's next write: whichever Node
      // sees first decides between the 413 and PROVIDER_ERROR.)
      response.statusCode = 413;
      response.end("too large");
      return;
    case "/huge-head":
      response.setHeader("x-huge", "x".repeat(20_000));
      response.end();
      return;
    case "/reset":
      response.write("partial");
      setTimeout(() => response.socket?.destroy(), 20);
      return;
    case "/slow-sink":
      request.pause();
      releaseSink = () => {
        const hash = createHash("sha256");
        request.on("data", (chunk: Buffer) => hash.update(chunk));
        request.on("end", () => response.end(hash.digest("hex")));
        request.resume();
      };
      return;
    default:
      response.statusCode = 404;
      response.end("not found");
  }
}

function serveRange(request: IncomingMessage, response: ServerResponse): void {
  const match = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? "");
  if (!match) {
    response.setHeader("accept-ranges", "bytes");
    response.end(RANGE_FILE);
    return;
  }
  const [start, end] = [Number(match[1]), Number(match[2])];
  response.writeHead(206, { "content-range": `bytes ${start}-${end}/${RANGE_FILE.byteLength}` });
  response.end(RANGE_FILE.subarray(start, end + 1));
}

/** Streams `total` pattern bytes, honouring the socket's backpressure as a real app does. */
function serveBig(total: number, response: ServerResponse): void {
  let offset = 0;
  const body = new Readable({
    highWaterMark: MAX_CHANNEL_MESSAGE_BYTES,
    read() {
      const length = Math.min(MAX_CHANNEL_MESSAGE_BYTES, total - offset);
      if (length <= 0) {
        this.push(null);
        return;
      }
      this.push(pattern(offset, length));
      offset += length;
    },
  });
  body.on("data", (chunk: Buffer) => {
    bigBytesWritten += chunk.byteLength;
  });
  response.setHeader("content-length", total);
  response.on("close", () => {
    if (!response.writableFinished) responseCut();
  });
  body.pipe(response);
}

let server: Server;
let port: number;
let peer: AppPeer;
const clients: HttpTestClient[] = [];

/** Peers with launchers, made by the tests that need them. */
const otherPeers: AppPeer[] = [];

async function openClient(label: unknown = { port }, target = peer): Promise<HttpTestClient> {
  const client = await HttpTestClient.open(target.browser, label);
  clients.push(client);
  return client;
}

async function peerWith(apps: AppLaunchers): Promise<AppPeer> {
  const other = await AppPeer.connect(apps);
  otherPeers.push(other);
  return other;
}

// One peer connection for the file: every test opens its own channels on it, as a page
// does, and each test's end checks that what went before left the agent serving.
beforeAll(async () => {
  server = createServer(app);
  port = await listen(server);
  peer = await AppPeer.connect();
});

beforeEach(() => {
  bigBytesWritten = 0;
});

afterEach(async () => {
  for (const client of clients.splice(0)) {
    expect(client.violations).toEqual([]);
    client.close();
  }
  vi.restoreAllMocks();
  for (const other of otherPeers.splice(0)) await other.dispose();
});

afterAll(async () => {
  await peer.dispose();
  await close(server);
  nodeDataChannel.cleanup();
});

describe("http channel", () => {
  it("performs a GET against the loopback port", async () => {
    const client = await openClient();
    const response = await client.request({ path: "/hello" });
    expect(response.error).toBeNull();
    expect(response.head).toMatchObject({ type: "response", status: 200, statusText: "OK" });
    expect(header(response, "content-type")).toBe("text/plain");
    expect(response.body.toString()).toBe("hello");
  });

  it("streams a POST body to the app and its response back", async () => {
    const client = await openClient();
    const body = pattern(0, 3 * 1024 * 1024 + 17);
    const response = await client.request({
      method: "POST",
      path: "/echo",
      headers: [["content-type", "application/x-test"]],
      body,
    });
    expect(response.head?.status).toBe(200);
    expect(response.bodyBytes).toBe(body.byteLength);
    expect(response.body.equals(body)).toBe(true);
  });

  it("serves many sequential requests on one reused channel", async () => {
    const client = await openClient();
    for (let index = 0; index < 50; index++) {
      const response = await client.request({ method: "POST", path: "/echo", body: Buffer.from(`request ${index}`) });
      expect(response.body.toString()).toBe(`request ${index}`);
    }
    expect(client.closed).toBe(false);
  });

  it("passes a Range request through as 206", async () => {
    const client = await openClient();
    const response = await client.request({ path: "/range", headers: [["Range", "bytes=100-199"]] });
    expect(response.head?.status).toBe(206);
    expect(header(response, "content-range")).toBe("bytes 100-199/1000");
    expect(response.body.equals(RANGE_FILE.subarray(100, 200))).toBe(true);
  });

  it("answers HEAD with the headers and no body", async () => {
    const client = await openClient();
    const response = await client.request({ method: "HEAD", path: "/big?bytes=5000" });
    expect(response.head?.status).toBe(200);
    expect(header(response, "content-length")).toBe("5000");
    expect(response.bodyBytes).toBe(0);
  });

  it("passes redirects through instead of following them, cookies and all", async () => {
    const client = await openClient();
    const response = await client.request({ path: "/redirect" });
    expect(response.head?.status).toBe(302);
    expect(header(response, "location")).toBe("/hello");
    expect(response.head?.headers.filter(([name]) => name === "set-cookie")).toEqual([
      ["set-cookie", "a=1"],
      ["set-cookie", "b=2"],
    ]);
  });

  it("rewrites Host and Origin to the loopback target and drops hop-by-hop headers", async () => {
    const client = await openClient();
    const response = await client.request({
      path: "/headers",
      headers: [
        ["Host", "code-server--ws--me.apps.example.com"],
        ["Origin", "https://code-server--ws--me.apps.example.com"],
        ["Connection", "x-private"],
        ["X-Private", "hop"],
        ["Keep-Alive", "timeout=5"],
        ["Upgrade", "websocket"],
        ["Accept", "text/html"],
        ["Cookie", "a=1"],
        ["Cookie", "b=2"],
      ],
    });
    const seen = pairs(JSON.parse(response.body.toString()) as string[]);
    expect(seen).toContainEqual(["Host", `127.0.0.1:${port}`]);
    expect(seen).toContainEqual(["Origin", `http://127.0.0.1:${port}`]);
    expect(seen).toContainEqual(["Accept", "text/html"]);
    expect(seen.filter(([name]) => name === "Cookie")).toHaveLength(2);
    const names = seen.map(([name]) => name.toLowerCase());
    expect(names).not.toContain("x-private");
    expect(names).not.toContain("upgrade");
    expect(names).not.toContain("keep-alive");
    expect(names.filter((name) => name === "host")).toHaveLength(1);
  });

  it("streams 100 MB without the agent holding more than its high-water mark", async () => {
    let peakUnsent = 0;
    const bytes = ChannelSender.prototype.bytes;
    vi.spyOn(ChannelSender.prototype, "bytes").mockImplementation(function (this: ChannelSender, ...args) {
      bytes.apply(this, args);
      peakUnsent = Math.max(peakUnsent, this.unsentBytes);
    });
    const total = 100 * 1024 * 1024;
    const client = await openClient();
    let received = 0;
    let peakInFlight = 0;
    const response = await client.request(
      { path: `/big?bytes=${total}` },
      {
        keepBody: false,
        timeoutMs: 120_000,
        onBody: (size) => {
          received += size;
          peakInFlight = Math.max(peakInFlight, bigBytesWritten - received);
        },
      },
    );
    expect(response.bodyBytes).toBe(total);
    expect(response.sha256).toBe(await patternHash(total));
    // The channel is far slower than the app (MB/s against GB/s on loopback): without
    // backpressure the agent would take in nearly all 100 MB before the browser had any.
    expect(peakUnsent).toBeLessThanOrEqual(SEND_HIGH_WATER_MARK_BYTES + MAX_CHANNEL_MESSAGE_BYTES);
    // Everything between the app and the browser: socket buffers, the agent, SCTP.
    expect(peakInFlight).toBeLessThan(24 * 1024 * 1024);
  }, 180_000);

  it("stops reading the app at the download window while the page reads nothing, then completes", async () => {
    const total = 64 * 1024 * 1024;
    const client = await openClient();
    const done = client.request({ path: `/big?bytes=${total}` }, { ack: false, keepBody: false, timeoutMs: 60_000 });
    await pollUntil(() => (client.received >= APP_DOWNLOAD_WINDOW_BYTES ? true : undefined), "a window's worth");
    const stalledAt = await stalled(() => client.received);
    // One read of the app may go out beyond the window, no more.
    expect(stalledAt).toBeLessThanOrEqual(APP_DOWNLOAD_WINDOW_BYTES + MAX_CHANNEL_MESSAGE_BYTES);
    // The app is held back too (the agent stopped reading it): only socket buffers hold the rest.
    expect(bigBytesWritten - stalledAt).toBeLessThan(16 * 1024 * 1024);
    client.ackReceived();
    const response = await done;
    expect(response.bodyBytes).toBe(total);
    expect(response.sha256).toBe(await patternHash(total));
  }, 60_000);

  it("takes acks that arrive after the response ended, before the next request", async () => {
    const client = await openClient();
    const response = await client.request({ path: "/hello" }, { ack: false });
    expect(response.body.toString()).toBe("hello");
    client.sendJson({ type: "ack", bytes: 5 });
    expect((await client.request({ path: "/hello" })).body.toString()).toBe("hello");
    expect(client.closed).toBe(false);
  });

  it("holds the browser's upload while the app does not read it, then completes it", async () => {
    const client = await openClient();
    const body = pattern(0, 48 * 1024 * 1024);
    const done = client.request({ method: "POST", path: "/slow-sink", body }, { timeoutMs: 60_000 });
    // The browser sends until the window is full and socket buffers are, then waits for acks.
    const stalledAt = await stalled(() => client.uploaded);
    expect(stalledAt).toBeLessThan(24 * 1024 * 1024);
    releaseSink();
    const response = await done;
    expect(response.body.toString()).toBe(createHash("sha256").update(body).digest("hex"));
  }, 60_000);
  it("ends an exchange whose response came before the upload finished, and serves the next", async () => {
    const client = await openClient();
    const response = await client.request({ method: "POST", path: "/early", body: pattern(0, 16 * 1024 * 1024) });
    expect(response.head?.status).toBe(413);
    expect(response.body.toString()).toBe("too large");
    expect(client.uploaded).toBeLessThan(16 * 1024 * 1024);
    expect((await client.request({ path: "/hello" })).body.toString()).toBe("hello");
  });

  it("drops the app's connection when the browser closes the channel mid-response", async () => {
    const cut = new Promise<void>((resolve) => {
      responseCut = resolve;
    });
    const client = await openClient();
    client.sendJson({ type: "request", method: "GET", path: `/big?bytes=${100 * 1024 * 1024}`, headers: [] });
    client.sendJson({ type: "end" });
    await client.waitForMessage({ type: "response" });
    client.close();
    await cut;
  });
});

describe("http channel failures", () => {
  it("refuses labels that name a host, port 0 or port 70000, and stays up", async () => {
    for (const label of [{ host: "10.0.0.1", port: 80 }, { port: 0 }, { port: 70_000 }, "not json", { app: "vim" }]) {
      const client = await openClient(label);
      await client.waitForMessage({ type: "error", code: "INVALID_REQUEST" });
      await client.waitForClose();
    }
    const client = await openClient();
    expect((await client.request({ path: "/hello" })).body.toString()).toBe("hello");
  });

  it("answers a head that does not parse with INVALID_REQUEST, and the channel serves the next request", async () => {
    const client = await openClient();
    client.sendText("{ not json");
    client.sendBytes(Buffer.from("ignored body"));
    client.sendJson({ type: "end" });
    await client.waitForMessage({ type: "error", code: "INVALID_REQUEST" });
    for (const head of [
      { method: "CONNECT", path: "/" },
      { method: "GET", path: "http://10.0.0.1/" },
      { method: "GET", path: "/a b" },
      { method: "GET", path: "/", headers: [["x-bad", "line\r\nbreak"]] },
    ]) {
      const response = await client.request(head as never);
      expect(response.error).toMatchObject({ type: "error", code: "INVALID_REQUEST" });
    }
    expect((await client.request({ path: "/hello" })).body.toString()).toBe("hello");
  });

  it("refuses an oversized head with MESSAGE_TOO_LARGE and keeps the channel", async () => {
    const client = await openClient();
    const headers: [string, string][] = Array.from({ length: 5 }, (_, index) => [`x-big-${index}`, "y".repeat(4000)]);
    const response = await client.request({ path: "/hello", headers });
    expect(response.error).toMatchObject({ code: "MESSAGE_TOO_LARGE" });
    expect((await client.request({ path: "/hello" })).body.toString()).toBe("hello");
  });

  it("refuses an app's oversized response head with MESSAGE_TOO_LARGE", async () => {
    const client = await openClient();
    expect((await client.request({ path: "/huge-head" })).error).toMatchObject({ code: "MESSAGE_TOO_LARGE" });
    expect((await client.request({ path: "/hello" })).body.toString()).toBe("hello");
  });

  it("reports a refused connection as PROVIDER_ERROR and keeps the channel", async () => {
    const closedServer = createServer();
    const closedPort = await listen(closedServer);
    await close(closedServer);
    const client = await openClient({ port: closedPort });
    const response = await client.request({ method: "POST", path: "/", body: Buffer.alloc(1000) });
    expect(response.error).toMatchObject({ code: "PROVIDER_ERROR", message: `nothing answers on port ${closedPort}` });
    expect(client.closed).toBe(false);
    expect((await client.request({ path: "/" })).error).toMatchObject({ code: "PROVIDER_ERROR" });
  });

  it("reports an app that breaks the connection mid-body as PROVIDER_ERROR", async () => {
    const client = await openClient();
    const response = await client.request({ path: "/reset" });
    expect(response.head?.status).toBe(200);
    expect(response.error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect((await client.request({ path: "/hello" })).body.toString()).toBe("hello");
  });

  it("closes the channel when the browser breaks the framing, and the agent stays up", async () => {
    const bodyFirst = await openClient();
    bodyFirst.sendBytes(Buffer.from("body before any request"));
    await bodyFirst.waitForMessage({ type: "error", code: "INVALID_REQUEST" });
    await bodyFirst.waitForClose();

    const twoHeads = await openClient();
    twoHeads.sendJson({ type: "request", method: "POST", path: "/echo", headers: [] });
    twoHeads.sendJson({ type: "request", method: "GET", path: "/hello", headers: [] });
    await twoHeads.waitForMessage({ type: "error", code: "INVALID_REQUEST" });
    await twoHeads.waitForClose();

    const client = await openClient();
    expect((await client.request({ path: "/hello" })).body.toString()).toBe("hello");
  });

  it("closes the channel on an ack before any request, or one beyond the bytes sent", async () => {
    const early = await openClient();
    early.sendJson({ type: "ack", bytes: 0 });
    await early.waitForMessage({ type: "error", code: "INVALID_REQUEST" });
    await early.waitForClose();

    const beyond = await openClient();
    expect((await beyond.request({ path: "/hello" })).bodyBytes).toBe(5);
    beyond.sendJson({ type: "ack", bytes: 6 });
    await beyond.waitForMessage({ type: "error", code: "INVALID_REQUEST" });
    await beyond.waitForClose();

    const client = await openClient();
    expect((await client.request({ path: "/hello" })).body.toString()).toBe("hello");
  });

  it("closes the channel when the browser uploads beyond its window", async () => {
    // An app still starting takes no upload, so nothing is acked while the browser sends.
    const starting: AppLauncher = { start: () => new Promise(() => {}), dispose: async () => {} };
    const overrun = await openClient({ app: "code-server" }, await peerWith({ "code-server": starting }));
    overrun.sendJson({ type: "request", method: "POST", path: "/", headers: [] });
    const chunk = Buffer.alloc(MAX_CHANNEL_MESSAGE_BYTES);
    for (let index = 0; index <= APP_UPLOAD_WINDOW_BYTES / MAX_CHANNEL_MESSAGE_BYTES; index++) overrun.sendBytes(chunk);
    await overrun.waitForMessage({ type: "error", code: "MESSAGE_TOO_LARGE" });
    await overrun.waitForClose();
  });

  it("answers NOT_FOUND for an app this agent does not run", async () => {
    const client = await openClient({ app: "code-server" });
    expect((await client.request({ path: "/" })).error).toMatchObject({ code: "NOT_FOUND" });
  });

  it("resolves an app's port on every request, so a restarted app is found", async () => {
    const ports = [port, port];
    const launcher: AppLauncher = {
      start: vi.fn(async () => ({ ok: true as const, value: ports.shift() ?? port })),
      dispose: async () => {},
    };
    const client = await openClient({ app: "code-server" }, await peerWith({ "code-server": launcher }));
    expect((await client.request({ path: "/hello" })).body.toString()).toBe("hello");
    expect((await client.request({ path: "/hello" })).body.toString()).toBe("hello");
    expect(launcher.start).toHaveBeenCalledTimes(2);
  });
});

/** A response header's value, by case-insensitive name (Node keeps the case the app wrote). */
function header(response: TestResponse, name: string): string | undefined {
  return response.head?.headers.find(([candidate]) => candidate.toLowerCase() === name)?.[1];
}

function pairs(flat: string[]): [string, string][] {
  const result: [string, string][] = [];
  for (let index = 0; index + 1 < flat.length; index += 2)
    result.push([flat[index] as string, flat[index + 1] as string]);
  return result;
}

/** Resolves with `read()` once it stopped changing (checked a few times, well apart). */
async function stalled(read: () => number): Promise<number> {
  let last = -1;
  while (last !== read()) {
    last = read();
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return last;
}

async function patternHash(total: number): Promise<string> {
  const hash = createHash("sha256");
  for (let offset = 0; offset < total; offset += MAX_CHANNEL_MESSAGE_BYTES) {
    hash.update(pattern(offset, Math.min(MAX_CHANNEL_MESSAGE_BYTES, total - offset)));
  }
  return hash.digest("hex");
}
