import { randomUUID } from "node:crypto";
import nodeDataChannel from "node-datachannel";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AgentToServer } from "../protocol/agent.js";
import { decodeRelayFrame, encodeRelayFrame } from "../protocol/relay.js";
import { StreamKind } from "../protocol/streams.js";
import { Agent } from "./Agent.js";
import { grantPayload, signAppGrant } from "./testHelpers/appGrants.js";
import { BrowserPeer, type BrowserPeerOptions } from "./testHelpers/BrowserPeer.js";
import { LISTENER_NAME, PortListener } from "./testHelpers/portListener.js";
import { RecordingLogger } from "./testHelpers/RecordingLogger.js";
import { type GatewayConnection, TestGateway } from "./testHelpers/TestGateway.js";
import { TEST_SHELL } from "./testHelpers/testPty.js";

const TOKEN = "integration-agent-token";

let gateway: TestGateway;
let agent: Agent;
let logs: RecordingLogger;
let connection: GatewayConnection;
/** The workspace the test gateway welcomed the agent into. */
let workspaceId: string;
const browsers: BrowserPeer[] = [];

beforeEach(async () => {
  gateway = await TestGateway.start();
  logs = new RecordingLogger();
  agent = new Agent({
    gatewayUrl: gateway.url,
    token: TOKEN,
    workspaceDir: process.cwd(),
    ptyIdleTimeoutMs: 60_000,
    agentVersion: "1.2.3-test",
    logger: logs.logger,
    shell: TEST_SHELL,
    // Any executable will do: the agent only checks that code-server is there to start.
    env: { ...process.env, PS1: "$ ", GANGWAY_CODE_SERVER: process.execPath },
    backoff: { initialDelayMs: 10, maxDelayMs: 50 },
  });
  agent.start();
  connection = await welcomed(0);
});

afterEach(async () => {
  for (const browser of browsers.splice(0)) browser.close();
  await agent.dispose();
  await gateway.close();
  expect(logs.raw.join("")).not.toContain(TOKEN);
});

afterAll(() => {
  nodeDataChannel.cleanup();
});

async function welcomed(index: number): Promise<GatewayConnection> {
  const socket = await gateway.connection(index);
  await socket.waitForMessage({ type: "hello" });
  workspaceId = socket.welcome();
  return socket;
}

/** A browser whose signaling goes through the test gateway's agent socket, as in production. */
function browserVia(socket: GatewayConnection, options: BrowserPeerOptions = {}): BrowserPeer {
  const browser = new BrowserPeer((message) => socket.sendJson(message), options);
  socket.forward((message) => {
    if (message.connectionId === browser.connectionId) browser.receive(message as AgentToServer);
  });
  browsers.push(browser);
  return browser;
}

const ptyLabel = (session: string) => JSON.stringify({ session, cols: 80, rows: 24 });

describe("Agent", () => {
  it("says it can start code-server, and reports the workspace's listening ports as they come and go", async () => {
    expect(await connection.waitForMessage({ type: "hello" })).toMatchObject({ apps: ["code-server"] });
    await connection.waitForMessage({ type: "ports" });
    const listener = await PortListener.start();
    const [port] = listener.ports;
    const reported = (message: Record<string, unknown>) =>
      (message.ports as { port: number; process: string | null }[]).find((entry) => entry.port === port);
    const reports = () => connection.messages.filter((message) => message.type === "ports");
    try {
      await vi.waitFor(() => expect(reports().some((message) => reported(message))).toBe(true), { timeout: 10_000 });
      expect(reports().map(reported).find(Boolean)).toEqual({ port, process: LISTENER_NAME });
    } finally {
      await listener.stop();
    }
    await vi.waitFor(() => expect(reported(reports().at(-1) ?? { ports: [] })).toBeUndefined(), { timeout: 10_000 });
  });

  it("serves a browser's terminal over a peer connection brokered by the gateway", async () => {
    const browser = browserVia(connection);
    const control = await browser.openChannel("control", StreamKind.control);
    expect(await control.waitForMessage({ type: "hello" })).toMatchObject({ agentVersion: "1.2.3-test" });
    const pty = await browser.openChannel(ptyLabel(randomUUID()), StreamKind.pty);
    await pty.waitForMessage({ type: "attached", created: true });
    pty.sendBytes("echo $((6*7))\r");
    await pty.waitForOutput(/\r42\r\n/);
  });

  it("checks app grants against its token and the workspace the gateway welcomed it into", async () => {
    const granted = browserVia(connection, {
      grant: (connectionId) => signAppGrant(TOKEN, grantPayload(connectionId, workspaceId, { slug: "8080" })),
    });
    const control = await granted.openChannel("control", StreamKind.control);
    await control.waitForMessage({ type: "hello" });
    const pty = await granted.openChannel(ptyLabel(randomUUID()), StreamKind.pty);
    await pty.waitForMessage({ type: "error", code: "FORBIDDEN" });

    const elsewhere = browserVia(connection, {
      grant: (connectionId) => signAppGrant(TOKEN, grantPayload(connectionId, randomUUID())),
    });
    elsewhere.openChannel("control", StreamKind.control).catch(() => undefined);
    expect(await connection.waitForMessage({ type: "error", connectionId: elsewhere.connectionId })).toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("keeps peers working while the gateway restarts, then reconnects", async () => {
    const browser = browserVia(connection);
    const control = await browser.openChannel("control", StreamKind.control);
    const pty = await browser.openChannel(ptyLabel(randomUUID()), StreamKind.pty);
    await pty.waitForMessage({ type: "attached" });

    const port = gateway.port;
    await gateway.close();
    control.sendJson({ type: "ping", id: 1, sentAt: 0 });
    await control.waitForMessage({ type: "pong", id: 1 });
    pty.sendBytes("echo during-$((2+3))\r");
    await pty.waitForOutput(/\rduring-5\r\n/);

    gateway = await TestGateway.start(port);
    const again = await welcomed(0);
    expect(again.authorization).toBe(`Bearer ${TOKEN}`);
    // A new gateway knows nothing: the ports come again, changed or not.
    await again.waitForMessage({ type: "ports" });
    pty.sendBytes("echo after-$((3+4))\r");
    await pty.waitForOutput(/\rafter-7\r\n/);

    const second = browserVia(again);
    const secondControl = await second.openChannel("control", StreamKind.control);
    await secondControl.waitForMessage({ type: "hello" });
    expect(agent.peers.size).toBe(2);
  });

  it("relays a terminal through the gateway socket in bench mode, with replay on re-open", async () => {
    const session = randomUUID();
    const outputOf = (streamId: number) => (frames: Buffer[]) => {
      const text = frames
        .map((frame) => decodeRelayFrame(frame))
        .filter((decoded) => decoded?.streamId === streamId)
        .map((decoded) => Buffer.from(decoded?.payload ?? []).toString())
        .join("");
      return /\r42\r\n/.test(text) ? text : undefined;
    };
    connection.sendJson({ type: "relay-open", streamId: 5, session, cols: 80, rows: 24 });
    await vi.waitFor(() => expect(agent.relays.size).toBe(1));
    connection.sendBinary(encodeRelayFrame(5, Buffer.from("echo $((6*7))\r")));
    await connection.waitForFrames(outputOf(5));

    connection.sendJson({ type: "relay-close", streamId: 5 });
    await vi.waitFor(() => expect(agent.ptys.get(session)?.attachmentCount).toBe(0));
    connection.sendJson({ type: "relay-open", streamId: 6, session, cols: 80, rows: 24 });
    await connection.waitForFrames(outputOf(6));

    connection.sendBinary(encodeRelayFrame(6, Buffer.from("exit\r")));
    await connection.waitForMessage({ type: "relay-close", streamId: 6 });
  });

  it("refuses a relay with an impossible terminal size", async () => {
    connection.sendJson({ type: "relay-open", streamId: 9, session: randomUUID(), cols: 0, rows: 24 });
    await connection.waitForMessage({ type: "relay-close", streamId: 9 });
    expect(connection.messages).toContainEqual(expect.objectContaining({ type: "error", code: "INVALID_REQUEST" }));
    expect(agent.ptys.size).toBe(0);
  });
});
