import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { AgentCloseCode } from "../../protocol/agent.js";
import type { AppName } from "../../protocol/streams.js";
import { PROTOCOL_VERSION } from "../../protocol/version.js";
import { RecordingLogger } from "../testHelpers/RecordingLogger.js";
import { TestGateway } from "../testHelpers/TestGateway.js";
import { type GatewayMessage, GatewaySocket } from "./GatewaySocket.js";

const TOKEN = "agent-token-for-tests";
/** Short delays so reconnect tests take milliseconds; the policy itself is tested in Backoff.test.ts. */
const FAST_BACKOFF = { initialDelayMs: 10, maxDelayMs: 50 };

let gateway: TestGateway;
let socket: GatewaySocket;
let received: GatewayMessage[];
let binary: Uint8Array[];
let disconnects: number;
let logs: RecordingLogger;

function startSocket(gatewayUrl = gateway.url, apps?: () => AppName[]): void {
  received = [];
  binary = [];
  disconnects = 0;
  logs = new RecordingLogger();
  socket = new GatewaySocket({
    gatewayUrl,
    token: TOKEN,
    agentVersion: "9.9.9-test",
    ...(apps ? { apps } : {}),
    logger: logs.logger,
    backoff: FAST_BACKOFF,
    handlers: {
      onMessage: (message) => received.push(message),
      onBinary: (frame) => binary.push(frame),
      onDisconnected: () => disconnects++,
    },
  });
  socket.start();
}

afterEach(async () => {
  await socket.dispose();
  await gateway.close();
  expect(logs.raw.join("")).not.toContain(TOKEN);
});

describe("GatewaySocket", () => {
  it("dials out with the bearer token and says hello", async () => {
    gateway = await TestGateway.start();
    startSocket();
    const connection = await gateway.connection(0);
    expect(connection.authorization).toBe(`Bearer ${TOKEN}`);
    expect(await connection.waitForMessage({ type: "hello" })).toEqual({
      type: "hello",
      protocolVersion: PROTOCOL_VERSION,
      version: "9.9.9-test",
      apps: [],
    });
  });

  it("names the apps it can start in every hello, asking afresh each time", async () => {
    gateway = await TestGateway.start();
    let installed = false;
    startSocket(gateway.url, () => (installed ? ["code-server"] : []));
    const first = await gateway.connection(0);
    expect(await first.waitForMessage({ type: "hello" })).toMatchObject({ apps: [] });
    installed = true;
    first.close();
    const second = await gateway.connection(1);
    expect(await second.waitForMessage({ type: "hello" })).toMatchObject({ apps: ["code-server"] });
  });

  it("sends heartbeats at the interval the welcome names", async () => {
    gateway = await TestGateway.start();
    startSocket();
    const connection = await gateway.connection(0);
    await connection.waitForMessage({ type: "hello" });
    connection.welcome(20);
    await connection.waitForCount({ type: "heartbeat" }, 3);
    expect(socket.isReady).toBe(true);
  });

  it("hands valid messages and binary frames to its handlers", async () => {
    gateway = await TestGateway.start();
    startSocket();
    const connection = await gateway.connection(0);
    connection.welcome();
    const cancel = { type: "peer-cancel", connectionId: randomUUID() };
    connection.sendJson(cancel);
    connection.sendBinary(Uint8Array.of(0, 0, 0, 1, 65));
    connection.sendJson({ type: "relay-close", streamId: 1 });
    await connection.waitForMessage({ type: "hello" });
    await expect.poll(() => received.length).toBe(2);
    expect(received[0]).toEqual(cancel);
    expect(binary).toEqual([Uint8Array.of(0, 0, 0, 1, 65)]);
  });

  it("answers malformed frames with INVALID_REQUEST and keeps going", async () => {
    gateway = await TestGateway.start();
    startSocket();
    const connection = await gateway.connection(0);
    connection.welcome();
    connection.sendRaw("this is not json");
    connection.sendJson({ type: "peer-offer", connectionId: "nope" });
    connection.sendJson({ type: "launch-missiles" });
    await connection.waitForCount({ type: "error", code: "INVALID_REQUEST" }, 3);
    connection.sendRaw(JSON.stringify({ type: "x", pad: "y".repeat(70 * 1024) }));
    await connection.waitForMessage({ type: "error", code: "MESSAGE_TOO_LARGE" });
    connection.sendJson({ type: "relay-close", streamId: 7 });
    await expect.poll(() => received).toEqual([{ type: "relay-close", streamId: 7 }]);
    expect(connection.closed).toBe(false);
  });

  it("reconnects after the gateway closes the socket", async () => {
    gateway = await TestGateway.start();
    startSocket();
    const first = await gateway.connection(0);
    first.welcome();
    await first.waitForMessage({ type: "hello" });
    first.close(1001);
    const second = await gateway.connection(1);
    await second.waitForMessage({ type: "hello" });
    expect(disconnects).toBe(1);
  });

  it("reconnects after the gateway restarts on the same port", async () => {
    gateway = await TestGateway.start();
    startSocket();
    (await gateway.connection(0)).welcome();
    const port = gateway.port;
    await gateway.close();
    gateway = await TestGateway.start(port);
    const again = await gateway.connection(0);
    await again.waitForMessage({ type: "hello" });
    expect(again.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("keeps retrying while the gateway is down", async () => {
    gateway = await TestGateway.start();
    const { port, url } = { port: gateway.port, url: gateway.url };
    await gateway.close();
    startSocket(url);
    await logs.waitForCount("gateway socket closed; reconnecting", 3);
    expect(socket.isReady).toBe(false);
    gateway = await TestGateway.start(port);
    await (await gateway.connection(0)).waitForMessage({ type: "hello" });
  });

  it("keeps retrying after the gateway refused its token (4401)", async () => {
    gateway = await TestGateway.start();
    startSocket();
    for (let attempt = 0; attempt < 3; attempt++) {
      const connection = await gateway.connection(attempt);
      await connection.waitForMessage({ type: "hello" });
      connection.close(AgentCloseCode.INVALID_TOKEN);
    }
    await (await gateway.connection(3)).waitForMessage({ type: "hello" });
    expect(logs.count("gateway refused the agent token; retrying")).toBe(3);
  });

  it("drops and redials a socket on which the gateway went silent", async () => {
    gateway = await TestGateway.start(0, { autoPong: false });
    startSocket();
    const silent = await gateway.connection(0);
    silent.welcome(20);
    await silent.waitForClose();
    await (await gateway.connection(1)).waitForMessage({ type: "hello" });
    expect(logs.count("gateway went silent; reconnecting")).toBe(1);
  });

  it("closes the socket on dispose and stays closed", async () => {
    gateway = await TestGateway.start();
    startSocket();
    const connection = await gateway.connection(0);
    connection.welcome();
    await connection.waitForMessage({ type: "hello" });
    await socket.dispose();
    await connection.waitForClose();
    expect(socket.isReady).toBe(false);
    expect(socket.send({ type: "heartbeat" })).toBe(false);
    expect(gateway.connections.length).toBe(1);
  });
});
