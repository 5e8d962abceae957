import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, test } from "vitest";
import { decodeRelayFrame, encodeRelayFrame } from "../../protocol/relay.js";
import type { SocketBytes, Workspace } from "../../protocol/rest.js";
import { agentTokenOf, FakeAgent } from "./fakeAgent.js";
import { createMember, openWs, setupAdmin, startTestServer, type TestServer, until, wsWait } from "./helpers.js";

let server: TestServer;

afterEach(async () => {
  await server.close();
});

async function workspaceWithAgent(benchRelay: boolean) {
  server = await startTestServer({ benchRelay });
  const alice = await setupAdmin(server, "alice");
  const workspace = (await alice.post<Workspace>("/workspaces", { name: "dev" })).body;
  const agent = await FakeAgent.connect(server, await agentTokenOf(server, workspace.id));
  return { alice, workspace, agent };
}

describe("bench relay", () => {
  test("does not exist unless enabled", async () => {
    const { alice, workspace } = await workspaceWithAgent(false);
    const route = `/workspaces/${workspace.id}/bench-relay?session=${randomUUID()}&cols=80&rows=24`;
    expect(await wsWait(alice.ws(route))).toMatchObject({ refused: true, status: 404 });
  });

  test("relays bytes both ways by stream id and closes both sides", async () => {
    const { alice, workspace, agent } = await workspaceWithAgent(true);
    const session = randomUUID();
    const browser = await openWs(
      alice.ws(`/workspaces/${workspace.id}/bench-relay?session=${session}&cols=80&rows=24`),
    );
    const open = await agent.inbox.json<{ type: string; streamId: number }>();
    expect(open).toEqual({ type: "relay-open", streamId: expect.any(Number), session, cols: 80, rows: 24 });

    browser.ws.send(Buffer.from("ls\r"));
    const up = decodeRelayFrame(await agent.inbox.binary());
    expect(up?.streamId).toBe(open.streamId);
    expect(Buffer.from(up?.payload ?? []).toString()).toBe("ls\r");

    agent.ws.send(encodeRelayFrame(open.streamId, Buffer.from("file.txt\r\n")));
    expect((await browser.binary()).toString()).toBe("file.txt\r\n");

    const bytes = await alice.get<SocketBytes>("/debug/socket-bytes");
    expect(bytes.body.sockets.map((socket) => socket.kind).sort()).toEqual(["agent", "relay"]);

    browser.ws.close();
    expect(await agent.inbox.json()).toEqual({ type: "relay-close", streamId: open.streamId });
  });

  test("the agent closing a stream closes the browser socket", async () => {
    const { alice, workspace, agent } = await workspaceWithAgent(true);
    const browser = await openWs(
      alice.ws(`/workspaces/${workspace.id}/bench-relay?session=${randomUUID()}&cols=80&rows=24`),
    );
    const open = await agent.inbox.json<{ streamId: number }>();
    agent.send({ type: "relay-close", streamId: open.streamId });
    expect(await browser.closeCode()).toBe(1000);
  });

  test("same refusals as signaling, plus a bad query and a disconnected agent", async () => {
    const { alice, workspace, agent } = await workspaceWithAgent(true);
    const bob = await createMember(server, alice, "bob");
    const good = `/workspaces/${workspace.id}/bench-relay?session=${randomUUID()}&cols=80&rows=24`;
    expect(await wsWait(bob.ws(good))).toMatchObject({ refused: true, status: 404 });
    expect(await wsWait(alice.ws(good, { origin: "http://evil.example" }))).toMatchObject({ status: 403 });
    expect(await wsWait(alice.ws(good, { cookie: null }))).toMatchObject({ status: 401 });
    const badQuery = await wsWait(alice.ws(`/workspaces/${workspace.id}/bench-relay?session=x&cols=80&rows=24`));
    expect(badQuery).toMatchObject({ status: 400, body: { error: { code: "INVALID_REQUEST" } } });
    agent.close();
    await until(
      async () => (await alice.get<Workspace>(`/workspaces/${workspace.id}`)).body.agent.connection === "disconnected",
    );
    expect(await wsWait(alice.ws(good))).toMatchObject({ status: 409, body: { error: { code: "AGENT_UNAVAILABLE" } } });
  });
});
