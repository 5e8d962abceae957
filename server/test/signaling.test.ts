import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { MAX_SIGNAL_MESSAGE_BYTES } from "../../protocol/limits.js";
import type { Workspace } from "../../protocol/rest.js";
import { SignalCloseCode } from "../../protocol/signaling.js";
import { agentTokenOf, FakeAgent } from "./fakeAgent.js";
import {
  createMember,
  type Inbox,
  OFFER_SDP,
  openWs,
  setupAdmin,
  startTestServer,
  type TestClient,
  type TestServer,
  wsWait,
} from "./helpers.js";

const CANDIDATE = { candidate: "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", sdpMid: "0", sdpMLineIndex: 0 };

let server: TestServer;
let alice: TestClient;
let workspace: Workspace;

beforeEach(async () => {
  server = await startTestServer();
  alice = await setupAdmin(server, "alice");
  workspace = (await alice.post<Workspace>("/workspaces", { name: "dev" })).body;
});

afterEach(async () => {
  await server.close();
});

const signalPath = () => `/workspaces/${workspace.id}/signal`;

async function connectAgent(): Promise<FakeAgent> {
  return FakeAgent.connect(server, await agentTokenOf(server, workspace.id));
}

/** Opens the signaling socket and reads the hello. */
async function openSignal(client: TestClient = alice): Promise<{ inbox: Inbox; connectionId: string }> {
  const inbox = await openWs(client.ws(signalPath()));
  const hello = await inbox.json<{ type: string; connectionId: string }>();
  expect(hello).toEqual({
    type: "hello",
    protocolVersion: 1,
    connectionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    iceServers: [{ urls: "stun:stun.example.test:3478" }],
  });
  return { inbox, connectionId: hello.connectionId };
}

describe("signaling refusals", () => {
  test("a foreign or missing Origin is refused before the upgrade (403)", async () => {
    for (const origin of ["https://evil.example", null]) {
      expect(await wsWait(alice.ws(signalPath(), { origin }))).toEqual({
        refused: true,
        status: 403,
        body: { error: { code: "FORBIDDEN", message: expect.any(String) } },
      });
    }
  });

  test("no session, or another user's or an unknown workspace: a typed error the browser can read, then close", async () => {
    const bob = await createMember(server, alice, "bob");
    const cases: [() => ReturnType<TestClient["ws"]>, string, number][] = [
      [() => alice.ws(signalPath(), { cookie: null }), "UNAUTHENTICATED", SignalCloseCode.UNAUTHENTICATED],
      [() => bob.ws(signalPath()), "NOT_FOUND", SignalCloseCode.FORBIDDEN],
      [() => alice.ws(`/workspaces/${randomUUID()}/signal`), "NOT_FOUND", SignalCloseCode.FORBIDDEN],
      [() => alice.ws("/workspaces/not-a-uuid/signal"), "NOT_FOUND", SignalCloseCode.FORBIDDEN],
    ];
    for (const [open, code, closeCode] of cases) {
      const inbox = await openWs(open());
      expect(await inbox.json()).toEqual({ type: "error", code, message: expect.any(String) });
      expect(await inbox.closeCode()).toBe(closeCode);
      expect(inbox.pending).toBe(0);
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  test("a plain GET without an upgrade is told so", async () => {
    const response = await alice.fetch("GET", signalPath(), undefined, { origin: server.origin });
    expect(response.status).toBe(426);
    expect(response.body).toMatchObject({ error: { code: "INVALID_REQUEST" } });
  });
});

describe("signaling relay", () => {
  test("without a connected agent: AGENT_UNAVAILABLE, then close", async () => {
    const { inbox } = await openSignal();
    expect(await inbox.json()).toMatchObject({ type: "error", code: "AGENT_UNAVAILABLE" });
    expect(await inbox.closeCode()).toBe(SignalCloseCode.ERROR);
  });

  test("offer → peer-offer, answer and candidates both ways", async () => {
    const agent = await connectAgent();
    const { inbox, connectionId } = await openSignal();

    inbox.ws.send(JSON.stringify({ type: "offer", sdp: OFFER_SDP }));
    expect(await agent.inbox.json()).toEqual({
      type: "peer-offer",
      connectionId,
      sdp: OFFER_SDP,
      iceServers: [{ urls: "stun:stun.example.test:3478" }],
      username: "alice",
    });

    inbox.ws.send(JSON.stringify({ type: "candidate", candidate: CANDIDATE }));
    expect(await agent.inbox.json()).toEqual({ type: "peer-candidate", connectionId, candidate: CANDIDATE });

    agent.send({ type: "peer-answer", connectionId, sdp: "answer-sdp" });
    expect(await inbox.json()).toEqual({ type: "answer", sdp: "answer-sdp" });
    agent.send({ type: "peer-candidate", connectionId, candidate: CANDIDATE });
    expect(await inbox.json()).toEqual({ type: "candidate", candidate: CANDIDATE });

    // After the answer the socket stays open, and closing it does not cancel the connection.
    inbox.ws.close();
    await inbox.closeCode();
    agent.send({ type: "heartbeat" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(agent.inbox.pending).toBe(0);
  });

  test("an agent can only answer connections of its own workspace", async () => {
    const agent = await connectAgent();
    const other = (await alice.post<Workspace>("/workspaces", { name: "other" })).body;
    const otherAgent = await FakeAgent.connect(server, await agentTokenOf(server, other.id));
    const { inbox, connectionId } = await openSignal();
    inbox.ws.send(JSON.stringify({ type: "offer", sdp: OFFER_SDP }));
    await agent.inbox.json();

    otherAgent.send({ type: "peer-answer", connectionId, sdp: "forged" });
    agent.send({ type: "peer-answer", connectionId, sdp: "genuine" });
    expect(await inbox.json()).toEqual({ type: "answer", sdp: "genuine" });
  });

  test("agent errors reach the browser; closing before the answer cancels on the agent", async () => {
    const agent = await connectAgent();
    const first = await openSignal();
    first.inbox.ws.send(JSON.stringify({ type: "offer", sdp: OFFER_SDP }));
    await agent.inbox.json();
    agent.send({ type: "error", code: "PTY_ERROR", message: "boom", connectionId: first.connectionId });
    expect(await first.inbox.json()).toEqual({ type: "error", code: "PTY_ERROR", message: "boom" });
    expect(await first.inbox.closeCode()).toBe(SignalCloseCode.ERROR);

    const second = await openSignal();
    second.inbox.ws.send(JSON.stringify({ type: "offer", sdp: OFFER_SDP }));
    await agent.inbox.json();
    second.inbox.ws.close();
    expect(await agent.inbox.json()).toEqual({ type: "peer-cancel", connectionId: second.connectionId });
  });

  test("the agent going away before answering is AGENT_UNAVAILABLE", async () => {
    const agent = await connectAgent();
    const { inbox } = await openSignal();
    inbox.ws.send(JSON.stringify({ type: "offer", sdp: OFFER_SDP }));
    await agent.inbox.json();
    agent.close();
    expect(await inbox.json()).toMatchObject({ type: "error", code: "AGENT_UNAVAILABLE" });
  });

  test("malformed, mistyped, out-of-order and oversized messages get typed errors; the socket stays", async () => {
    const agent = await connectAgent();
    const { inbox } = await openSignal();
    const bad: [string | Buffer, string][] = [
      ["{oops", "INVALID_REQUEST"],
      [JSON.stringify({ type: "offer", sdp: 42 }), "INVALID_REQUEST"],
      [JSON.stringify({ type: "answer", sdp: "x" }), "INVALID_REQUEST"],
      [JSON.stringify({ type: "candidate", candidate: CANDIDATE }), "INVALID_REQUEST"],
      [JSON.stringify({ type: "offer", sdp: "x".repeat(MAX_SIGNAL_MESSAGE_BYTES) }), "MESSAGE_TOO_LARGE"],
      [Buffer.from([0, 1, 2]), "INVALID_REQUEST"],
    ];
    for (const [frame, code] of bad) {
      inbox.ws.send(frame);
      expect(await inbox.json()).toMatchObject({ type: "error", code });
    }
    expect(inbox.closed).toBeNull();
    expect(agent.inbox.pending).toBe(0);
    inbox.ws.send(JSON.stringify({ type: "offer", sdp: OFFER_SDP }));
    expect(await agent.inbox.json()).toMatchObject({ type: "peer-offer" });
  });
});
