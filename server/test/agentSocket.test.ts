import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { AgentCloseCode } from "../../protocol/agent.js";
import { MAX_SIGNAL_MESSAGE_BYTES } from "../../protocol/limits.js";
import type { Workspace } from "../../protocol/rest.js";
import { PROTOCOL_VERSION } from "../../protocol/version.js";
import { agentSocket, agentTokenOf, FakeAgent } from "./fakeAgent.js";
import { openWs, setupAdmin, startTestServer, type TestClient, type TestServer, until, wsWait } from "./helpers.js";

let server: TestServer;
let alice: TestClient;
let workspace: Workspace;
let token: string;

beforeEach(async () => {
  server = await startTestServer();
  alice = await setupAdmin(server, "alice");
  workspace = (await alice.post<Workspace>("/workspaces", { name: "dev" })).body;
  token = await agentTokenOf(server, workspace.id);
});

afterEach(async () => {
  await server.close();
});

const current = async () => (await alice.get<Workspace>(`/workspaces/${workspace.id}`)).body;

describe("agent socket", () => {
  test("a wrong or missing token is a plain 401 before any upgrade; the server stays up", async () => {
    for (const bad of ["not-the-token", `${token}x`, ""]) {
      const result = await wsWait(agentSocket(server, bad));
      expect(result).toMatchObject({ refused: true, status: 401, body: { error: { code: "INVALID_AGENT_TOKEN" } } });
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  test("hello/welcome marks the agent connected and the workspace running; a close is noticed", async () => {
    const agent = await FakeAgent.connect(server, token, "agent-7");
    await until(async () => (await current()).status === "running", undefined, "status running");
    const connected = await current();
    expect(connected.agent).toMatchObject({ connection: "connected", version: "agent-7" });
    const firstSeen = connected.agent.lastSeenAt ?? "";
    expect(Date.parse(firstSeen)).toBeGreaterThan(0);

    await new Promise((resolve) => setTimeout(resolve, 20));
    agent.send({ type: "heartbeat" });
    await until(async () => ((await current()).agent.lastSeenAt ?? "") > firstSeen, undefined, "lastSeenAt to move");

    agent.close();
    await until(async () => (await current()).agent.connection === "disconnected", undefined, "disconnect");
    const after = await current();
    expect(after.status).toBe("running");
    expect(after.agent.lastSeenAt).not.toBeNull();
  });

  test("the welcome names the workspace and a heartbeat interval", async () => {
    const inbox = await openWs(agentSocket(server, token));
    inbox.ws.send(JSON.stringify({ type: "hello", protocolVersion: PROTOCOL_VERSION, version: "x" }));
    const welcome = await inbox.json();
    expect(welcome).toEqual({ type: "welcome", workspaceId: workspace.id, heartbeatIntervalMs: expect.any(Number) });
    inbox.ws.close();
  });

  test("malformed frames get AgentError replies and the socket stays up", async () => {
    const agent = await FakeAgent.connect(server, token);
    const bad = [
      "{not json",
      JSON.stringify({ type: "peer-answer", connectionId: "nope", sdp: "x" }),
      JSON.stringify({ type: "launch-missiles" }),
      JSON.stringify({ type: "heartbeat", padding: "x".repeat(MAX_SIGNAL_MESSAGE_BYTES) }),
    ];
    const codes: string[] = [];
    for (const frame of bad) {
      agent.send(frame);
      const reply = await agent.inbox.json<{ type: string; code: string }>();
      expect(reply.type).toBe("error");
      codes.push(reply.code);
    }
    expect(codes).toEqual(["INVALID_REQUEST", "INVALID_REQUEST", "INVALID_REQUEST", "MESSAGE_TOO_LARGE"]);
    agent.ws.send(Buffer.from([1, 2, 3]));
    expect(await agent.inbox.json()).toMatchObject({ type: "error", code: "INVALID_REQUEST" });
    expect(agent.inbox.closed).toBeNull();
    expect((await current()).agent.connection).toBe("connected");
  });

  test("messages before hello are refused; another protocol version is closed with 4400", async () => {
    const inbox = await openWs(agentSocket(server, token));
    inbox.ws.send(JSON.stringify({ type: "heartbeat" }));
    expect(await inbox.json()).toMatchObject({ type: "error", code: "INVALID_REQUEST" });
    inbox.ws.send(JSON.stringify({ type: "hello", protocolVersion: PROTOCOL_VERSION + 1, version: "future" }));
    expect(await inbox.json()).toMatchObject({ type: "error", code: "PROTOCOL_MISMATCH" });
    expect(await inbox.closeCode()).toBe(AgentCloseCode.PROTOCOL_MISMATCH);
    expect((await current()).agent.connection).toBe("disconnected");
  });

  test("a newer socket for the same workspace replaces the older one (4409)", async () => {
    const first = await FakeAgent.connect(server, token, "old");
    const second = await FakeAgent.connect(server, token, "new");
    expect(await first.inbox.closeCode()).toBe(AgentCloseCode.REPLACED);
    await until(async () => (await current()).agent.version === "new", undefined, "the new agent version");
    expect((await current()).agent.connection).toBe("connected");
    expect(second.inbox.closed).toBeNull();
  });

  test("stopping the workspace revokes the token and closes the socket", async () => {
    const agent = await FakeAgent.connect(server, token);
    await alice.post(`/workspaces/${workspace.id}/stop`);
    expect(await agent.inbox.closeCode()).toBe(AgentCloseCode.INVALID_TOKEN);
    expect(await wsWait(agentSocket(server, token))).toMatchObject({ refused: true, status: 401 });
    await until(async () => (await current()).agent.connection === "disconnected", undefined, "disconnect");
    expect((await current()).status).toBe("stopped");
  });

  test("a socket still in its handshake is closed by a stop too", async () => {
    const inbox = await openWs(agentSocket(server, token));
    await alice.post(`/workspaces/${workspace.id}/stop`);
    expect(await inbox.closeCode()).toBe(AgentCloseCode.INVALID_TOKEN);
  });

  test("the agent token never reaches the logs", async () => {
    const agent = await FakeAgent.connect(server, token);
    agent.close();
    await agent.inbox.closeCode();
    expect(server.logs()).toContain("agent connected");
    expect(server.logs()).not.toContain(token);
  });
});
