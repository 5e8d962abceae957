import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { MAX_REPORTED_PORTS } from "../../protocol/agent.js";
import type { Workspace } from "../../protocol/rest.js";
import { PROTOCOL_VERSION } from "../../protocol/version.js";
import { agentSocket, agentTokenOf, FakeAgent } from "./fakeAgent.js";
import { type Inbox, openWs, setupAdmin, startTestServer, type TestClient, type TestServer, until } from "./helpers.js";

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

/** An agent socket past hello/welcome whose hello named `apps`. */
async function agentWith(apps: string[]): Promise<Inbox> {
  const inbox = await openWs(agentSocket(server, token));
  inbox.ws.send(JSON.stringify({ type: "hello", protocolVersion: PROTOCOL_VERSION, version: "x", apps }));
  expect(await inbox.json()).toMatchObject({ type: "welcome" });
  return inbox;
}

const appsOf = () => server.hub.appsOf(workspace.id);

describe("an agent's apps", () => {
  test("are what its hello and latest ports message said, while it is connected", async () => {
    expect(appsOf()).toBeNull();
    const agent = await agentWith(["code-server"]);
    expect(appsOf()).toEqual({ apps: ["code-server"], ports: [] });

    const ports = [
      { port: 3000, process: "node" },
      { port: 8080, process: null },
    ];
    agent.ws.send(JSON.stringify({ type: "ports", ports }));
    await until(() => appsOf()?.ports.length === 2, undefined, "the ports stored");
    expect(appsOf()).toEqual({ apps: ["code-server"], ports });

    agent.ws.send(JSON.stringify({ type: "ports", ports: [] }));
    await until(() => appsOf()?.ports.length === 0, undefined, "the ports replaced");

    agent.ws.send(JSON.stringify({ type: "ports", ports }));
    await until(() => appsOf()?.ports.length === 2, undefined, "the ports stored again");
    agent.ws.close();
    await until(() => appsOf() === null, undefined, "the apps gone with the agent");
  });

  test("are none when the hello names none (an agent without code-server, or an older one)", async () => {
    const agent = await FakeAgent.connect(server, token);
    expect(appsOf()).toEqual({ apps: [], ports: [] });
    agent.close();
  });

  test("a malformed ports message gets INVALID_REQUEST and changes nothing; the agent stays", async () => {
    const agent = await FakeAgent.connect(server, token);
    const good = [{ port: 5173, process: "vite" }];
    agent.send({ type: "ports", ports: good });
    await until(() => appsOf()?.ports.length === 1, undefined, "the ports stored");
    const bad = [
      { ports: [{ port: 0, process: "x" }] },
      { ports: [{ port: 65536, process: "x" }] },
      { ports: [{ port: 80.5, process: "x" }] },
      { ports: [{ port: 80 }] },
      { ports: [{ port: 80, process: "x".repeat(65) }] },
      { ports: Array.from({ length: MAX_REPORTED_PORTS + 1 }, (_, index) => ({ port: 1000 + index, process: null })) },
      { ports: "all of them" },
      {},
    ];
    for (const message of bad) {
      agent.send({ type: "ports", ...message });
      expect(await agent.inbox.json(), JSON.stringify(message).slice(0, 80)).toMatchObject({
        type: "error",
        code: "INVALID_REQUEST",
      });
    }
    expect(appsOf()).toEqual({ apps: [], ports: good });
    expect(agent.inbox.closed).toBeNull();
    expect((await alice.get<Workspace>(`/workspaces/${workspace.id}`)).body.agent.connection).toBe("connected");
  });
});
