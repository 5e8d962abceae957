import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { ProviderDetails, SessionResponse, Workspace } from "../../protocol/rest.js";
import { TURN_CREDENTIAL_TTL_SECONDS } from "../ice/TurnCredentials.js";
import { agentTokenOf, FakeAgent } from "./fakeAgent.js";
import {
  type Inbox,
  OFFER_SDP,
  openWs,
  setupAdmin,
  startTestServer,
  type TestClient,
  type TestServer,
  until,
} from "./helpers.js";

const SECRET = "lab-secret-0123456789abcdef";
const STUN = "stun:stun.example.test:3478";
const TURN_UDP = "turn:turn.example.test:3478?transport=udp";
const TURN_TLS = "turns:turn.example.test:5349?transport=tcp";
const REGION_TURN = "turn:turn.eu-west.example.test:3478?transport=udp";

let server: TestServer;
let alice: TestClient;
let userId: string;
let workspace: Workspace;

beforeEach(async () => {
  server = await startTestServer({
    iceServers: [],
    stunUrls: [STUN],
    turn: { urls: [TURN_UDP, TURN_TLS], secret: SECRET },
  });
  alice = await setupAdmin(server, "alice");
  userId = (await alice.get<SessionResponse>("/auth/me")).body.user.id;
  workspace = (await alice.post<Workspace>("/workspaces", { name: "dev" })).body;
});

afterEach(async () => {
  await server.close();
});

async function hello(): Promise<{
  inbox: Inbox;
  iceServers: { urls: string[]; username?: string; credential?: string }[];
}> {
  const inbox = await openWs(alice.ws(`/workspaces/${workspace.id}/signal`));
  const message = await inbox.json<{ iceServers: { urls: string[]; username?: string; credential?: string }[] }>();
  return { inbox, iceServers: message.iceServers };
}

describe("ICE servers for each connection", () => {
  test("STUN, then TURN with a credential made for this user from the shared secret; both peers get them", async () => {
    const agent = await FakeAgent.connect(server, await agentTokenOf(server, workspace.id));
    const before = Math.floor(Date.now() / 1000);
    const { inbox, iceServers } = await hello();
    expect(iceServers).toEqual([
      { urls: [STUN] },
      { urls: [TURN_UDP, TURN_TLS], username: expect.stringMatching(/^\d+:/), credential: expect.any(String) },
    ]);
    const turn = iceServers[1] as { username: string; credential: string };
    const [expiry, user] = turn.username.split(":");
    expect(user).toBe(userId);
    expect(Number(expiry) - before).toBeGreaterThanOrEqual(TURN_CREDENTIAL_TTL_SECONDS);
    expect(Number(expiry) - before).toBeLessThanOrEqual(TURN_CREDENTIAL_TTL_SECONDS + 5);
    expect(turn.credential).toBe(createHmac("sha1", SECRET).update(turn.username).digest("base64"));

    inbox.ws.send(JSON.stringify({ type: "offer", sdp: OFFER_SDP }));
    expect(await agent.inbox.json()).toMatchObject({ type: "peer-offer", iceServers });
    expect(server.logs()).not.toContain(SECRET);
  });

  test("a provider's own TURN servers come first, signed with the same secret", async () => {
    const patched = await alice.fetch<ProviderDetails>("PATCH", "/providers/local", {
      kind: "local",
      turnUrls: [REGION_TURN],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.turnUrls).toEqual([REGION_TURN]);
    const { iceServers } = await hello();
    expect(iceServers[1]?.urls).toEqual([REGION_TURN, TURN_UDP, TURN_TLS]);

    const refused = await alice.fetch("PATCH", "/providers/local", { kind: "local", turnUrls: ["stun:nope"] });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: "INVALID_REQUEST" } } });
    await alice.fetch("PATCH", "/providers/local", { kind: "local", turnUrls: [] });
    expect((await alice.get<ProviderDetails>("/providers/local")).body.turnUrls).toEqual([]);
  });
});

describe("connections on the workspace", () => {
  test("the agent's reported peer paths show on the workspace while its socket lasts", async () => {
    const agent = await FakeAgent.connect(server, await agentTokenOf(server, workspace.id));
    const connection = {
      path: "relay",
      agentCandidate: "srflx",
      browserCandidate: "relay",
      protocol: "udp",
      connectedAt: new Date().toISOString(),
    };
    agent.send({ type: "peer-paths", connections: [{ connectionId: crypto.randomUUID(), ...connection }] });
    const read = async () => (await alice.get<Workspace>(`/workspaces/${workspace.id}`)).body.connections;
    await until(async () => (await read())?.length === 1, undefined, "the reported connection");
    expect(await read()).toEqual([connection]);

    agent.send({ type: "peer-paths", connections: [{ connectionId: "not-a-uuid", ...connection }] });
    expect(await agent.inbox.json()).toMatchObject({ type: "error", code: "INVALID_REQUEST" });
    agent.close();
    await until(async () => (await read())?.length === 0, undefined, "connections to clear with the agent socket");
  });
});
