import { randomUUID } from "node:crypto";
import nodeDataChannel from "node-datachannel";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StreamKind } from "../../protocol/streams.js";
import { PROTOCOL_VERSION } from "../../protocol/version.js";
import type { PtySessionManager } from "../pty/PtySessionManager.js";
import { localAgentIdentity } from "../streams/agentIdentity.js";
import type { BrowserPeer } from "../testHelpers/BrowserPeer.js";
import { FakeGateway } from "../testHelpers/FakeGateway.js";
import type { TestChannel } from "../testHelpers/TestChannel.js";
import { silentLogger, testPtyManager } from "../testHelpers/testPty.js";
import { PeerHost } from "./PeerHost.js";

let gateway: FakeGateway;
let ptys: PtySessionManager;
let host: PeerHost;
let browser: BrowserPeer;
let control: TestChannel;

function startHost(maxPeers?: number): void {
  host = new PeerHost({
    signal: gateway.signal,
    streams: { identity: localAgentIdentity("test-1.0"), ptys, logger: silentLogger },
    logger: silentLogger,
    ...(maxPeers ? { maxPeers } : {}),
  });
  gateway.attach(host);
}

beforeEach(async () => {
  gateway = new FakeGateway();
  ptys = testPtyManager();
  startHost();
  browser = gateway.browser();
  control = await browser.openChannel("control", StreamKind.control);
});

afterEach(async () => {
  gateway.dispose();
  host.dispose();
  await ptys.dispose();
});

afterAll(() => {
  nodeDataChannel.cleanup();
});

const ptyLabel = (session: string, cols = 80, rows = 24) => JSON.stringify({ session, cols, rows });

async function openPty(session = randomUUID(), target = browser): Promise<TestChannel> {
  const channel = await target.openChannel(ptyLabel(session), StreamKind.pty);
  await channel.waitForMessage({ type: "attached" });
  return channel;
}

describe("control channel", () => {
  it("says hello, then answers pings with pongs", async () => {
    const hello = await control.waitForMessage({ type: "hello" });
    expect(hello).toMatchObject({ protocolVersion: PROTOCOL_VERSION, agentVersion: "test-1.0" });
    expect(hello.hostname).toEqual(expect.any(String));
    control.sendJson({ type: "ping", id: 7, sentAt: 1234.5 });
    expect(await control.waitForMessage({ type: "pong" })).toEqual({ type: "pong", id: 7, sentAt: 1234.5 });
  });

  it("answers an invalid message with a StreamError and keeps working", async () => {
    control.sendRaw("{not json");
    await control.waitForMessage({ type: "error", code: "INVALID_REQUEST" });
    control.sendJson({ type: "ping", id: "seven" });
    await control.waitForMessage({ type: "error", code: "INVALID_REQUEST" }, 2);
    control.sendJson({ type: "ping", id: 8, sentAt: 1 });
    await control.waitForMessage({ type: "pong", id: 8 });
    expect(control.closed).toBe(false);
  });
});

describe("channel dispatch", () => {
  it("refuses a pty channel whose label does not parse, then closes it", async () => {
    const channel = await browser.openChannel('{"session":"not-a-uuid","cols":80,"rows":24}', StreamKind.pty);
    await channel.waitForMessage({ type: "error", code: "INVALID_REQUEST" });
    await channel.waitForClose();
    expect(ptys.size).toBe(0);
  });

  it("refuses a channel of unknown kind, then closes it", async () => {
    const channel = await browser.openChannel("whatever", "gangway.bogus.v9");
    await channel.waitForMessage({ type: "error", code: "INVALID_REQUEST" });
    await channel.waitForClose();
  });
});

describe("pty channel", () => {
  it("attaches to a new session and runs what the browser types", async () => {
    const session = randomUUID();
    const channel = await browser.openChannel(ptyLabel(session), StreamKind.pty);
    expect(await channel.waitForMessage({ type: "attached" })).toEqual({
      type: "attached",
      session,
      created: true,
      replayBytes: 0,
    });
    channel.sendBytes("echo $((6*7))\r");
    await channel.waitForOutput(/\r42\r\n/);
  });

  it("replays earlier output to a re-attaching channel before live output", async () => {
    const session = randomUUID();
    const first = await openPty(session);
    first.sendBytes("MARK=kept-$((2*21)); echo $MARK\r");
    await first.waitForOutput(/\rkept-42\r\n/);
    first.close();
    await first.waitForClose();

    const second = await browser.openChannel(ptyLabel(session), StreamKind.pty);
    const attached = await second.waitForMessage({ type: "attached" });
    expect(attached.created).toBe(false);
    expect(attached.replayBytes).toBeGreaterThan(0);
    await second.waitForOutput(/kept-42/);
    second.sendBytes("echo again-$MARK\r");
    await second.waitForOutput(/\ragain-kept-42\r\n/);
    expect(second.byteCount).toBeGreaterThan(attached.replayBytes as number);
  });

  it("shares one session between two channels", async () => {
    const session = randomUUID();
    const first = await openPty(session);
    const second = await openPty(session);
    first.sendBytes("echo shared-$((1+1))\r");
    await first.waitForOutput(/\rshared-2\r\n/);
    await second.waitForOutput(/\rshared-2\r\n/);
  });

  it("answers invalid or oversized messages with a StreamError and keeps the channel open", async () => {
    const channel = await openPty();
    channel.sendRaw('{"type":"resize","cols":0,"rows":-1}');
    await channel.waitForMessage({ type: "error", code: "INVALID_REQUEST" });
    channel.sendBytes(new Uint8Array(64 * 1024 + 1));
    await channel.waitForMessage({ type: "error", code: "MESSAGE_TOO_LARGE" });
    channel.sendBytes("echo still-$((2+2))\r");
    await channel.waitForOutput(/\rstill-4\r\n/);
    expect(channel.closed).toBe(false);
  });

  it("resizes the terminal", async () => {
    const channel = await openPty();
    channel.sendJson({ type: "resize", cols: 132, rows: 43 });
    channel.sendBytes("stty size\r");
    await channel.waitForOutput(/\r43 132\r\n/);
  });

  it("reports the shell's exit and closes the channel", async () => {
    const channel = await openPty();
    channel.sendBytes("exit 5\r");
    expect(await channel.waitForMessage({ type: "exit" })).toEqual({ type: "exit", exitCode: 5, signal: null });
    await channel.waitForClose();
  });

  it("terminates the session for every channel", async () => {
    const session = randomUUID();
    const first = await openPty(session);
    const second = await openPty(session);
    first.sendJson({ type: "terminate" });
    await first.waitForMessage({ type: "exit" });
    await second.waitForMessage({ type: "exit" });
    await second.waitForClose();
    expect(ptys.size).toBe(0);
  });

  it("delivers 5 MB of output complete and in order", async () => {
    const channel = await openPty();
    const lines = 700_000;
    channel.sendBytes(`seq 1 ${lines}; echo done-$((6*7))\r`);
    await channel.waitForOutputContaining("\ndone-42\r\n");
    expect(channel.byteCount).toBeGreaterThan(5_000_000);
    const numbers = channel.text.split(/[\r\n]+/).filter((line) => /^\d+$/.test(line));
    expect(numbers.length).toBe(lines);
    expect(numbers.every((line, index) => Number(line) === index + 1)).toBe(true);
  });

  it("detaches from the session when the browser goes away", async () => {
    const session = randomUUID();
    await openPty(session);
    expect(ptys.get(session)?.attachmentCount).toBe(1);
    browser.close();
    await vi.waitFor(() => expect(ptys.get(session)?.attachmentCount).toBe(0));
    await vi.waitFor(() => expect(host.size).toBe(0));
  });
});

describe("independence from the gateway", () => {
  it("keeps a connected peer working after the gateway socket closed", async () => {
    const pty = await openPty();
    gateway.close();
    control.sendJson({ type: "ping", id: 99, sentAt: 0 });
    await control.waitForMessage({ type: "pong", id: 99 });
    pty.sendBytes("echo alive-$((3*3))\r");
    await pty.waitForOutput(/\ralive-9\r\n/);
    const another = await openPty();
    another.sendBytes("echo new-$((4*4))\r");
    await another.waitForOutput(/\rnew-16\r\n/);
    expect(host.size).toBe(1);
  });
});

describe("peer lifecycle", () => {
  it("closes a peer that is cancelled before it connected", async () => {
    const pending = randomUUID();
    host.handleOffer({
      type: "peer-offer",
      connectionId: pending,
      sdp: browser.peer.localDescription()?.sdp ?? "",
      iceServers: [],
      username: "tester",
    });
    expect(host.get(pending)).toBeDefined();
    host.handleCancel({ type: "peer-cancel", connectionId: pending });
    expect(host.get(pending)).toBeUndefined();
  });

  it("keeps a connected peer when it is cancelled late", () => {
    host.handleCancel({ type: "peer-cancel", connectionId: browser.connectionId });
    expect(host.get(browser.connectionId)?.isConnected).toBe(true);
  });

  it("refuses peers beyond the limit with RATE_LIMITED", async () => {
    host.dispose();
    startHost(1);
    const first = gateway.browser();
    await first.openChannel("control", StreamKind.control);
    const second = gateway.browser();
    // Never opens: the agent refuses the offer.
    second.openChannel("control", StreamKind.control).catch(() => undefined);
    expect(await second.waitForError()).toMatchObject({
      type: "error",
      code: "RATE_LIMITED",
      connectionId: second.connectionId,
    });
  });

  it("refuses an offer whose SDP is invalid", () => {
    const connectionId = randomUUID();
    host.handleOffer({ type: "peer-offer", connectionId, sdp: "v=0 garbage", iceServers: [], username: "x" });
    expect(gateway.fromAgent).toContainEqual(expect.objectContaining({ type: "error", connectionId }));
    expect(host.get(connectionId)).toBeUndefined();
  });
});

describe("path reports", () => {
  const reports = () => gateway.fromAgent.filter((message) => message.type === "peer-paths");

  it("tells the gateway each connected peer's path once it connects, and again when it is gone", async () => {
    await vi.waitFor(() => expect(reports().length).toBeGreaterThan(0));
    expect(reports().at(-1)).toEqual({
      type: "peer-paths",
      connections: [
        {
          connectionId: browser.connectionId,
          path: "direct",
          agentCandidate: "host",
          browserCandidate: "host",
          protocol: "udp",
          connectedAt: expect.any(String),
        },
      ],
    });
    host.get(browser.connectionId)?.close();
    expect(reports().at(-1)).toEqual({ type: "peer-paths", connections: [] });
  });

  it("sends nothing while nothing changed, everything when forced (a new gateway socket)", async () => {
    await vi.waitFor(() => expect(reports().length).toBeGreaterThan(0));
    const count = reports().length;
    host.reportPaths();
    expect(reports()).toHaveLength(count);
    host.reportPaths({ force: true });
    expect(reports()).toHaveLength(count + 1);
  });
});
