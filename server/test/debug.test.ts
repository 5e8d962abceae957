import { afterEach, beforeEach, expect, test } from "vitest";
import type { SocketBytes, Workspace } from "../../protocol/rest.js";
import { agentTokenOf, FakeAgent } from "./fakeAgent.js";
import {
  createMember,
  openWs,
  setupAdmin,
  startTestServer,
  type TestClient,
  type TestServer,
  until,
} from "./helpers.js";

let server: TestServer;
let admin: TestClient;

beforeEach(async () => {
  server = await startTestServer();
  admin = await setupAdmin(server);
});

afterEach(async () => {
  await server.close();
});

const snapshot = async () => (await admin.get<SocketBytes>("/debug/socket-bytes")).body.sockets;

test("socket-bytes is for admins only", async () => {
  const member = await createMember(server, admin, "bob");
  const response = await member.get("/debug/socket-bytes");
  expect(response.status).toBe(403);
  expect(response.body).toMatchObject({ error: { code: "FORBIDDEN" } });
});

test("counts open sockets one by one and folds closed ones into per-workspace totals", async () => {
  const workspace = (await admin.post<Workspace>("/workspaces", { name: "dev" })).body;
  expect(await snapshot()).toEqual([]);
  const agent = await FakeAgent.connect(server, await agentTokenOf(server, workspace.id));
  const signal = await openWs(admin.ws(`/workspaces/${workspace.id}/signal`));
  await signal.json();

  const open = await snapshot();
  expect(open.map((entry) => entry.kind).sort()).toEqual(["agent", "signaling"]);
  for (const entry of open) {
    expect(entry.workspaceId).toBe(workspace.id);
    expect(entry.bytesIn).toBeGreaterThan(100);
    expect(entry.bytesOut).toBeGreaterThan(100);
  }
  const agentBefore = open.find((entry) => entry.kind === "agent");

  // Unknown fields are ignored, so this is a valid 10 kB heartbeat.
  agent.send({ type: "heartbeat", padding: "x".repeat(10_000) });
  await until(
    async () => {
      const agentNow = (await snapshot()).find((entry) => entry.kind === "agent");
      return (agentNow?.bytesIn ?? 0) > (agentBefore?.bytesIn ?? 0) + 10_000;
    },
    undefined,
    "agent bytesIn to grow",
  );

  const firstBytesIn = open.find((entry) => entry.kind === "signaling")?.bytesIn ?? 0;
  signal.ws.close();
  await signal.closeCode();
  const second = await openWs(admin.ws(`/workspaces/${workspace.id}/signal`));
  await second.json();
  second.ws.close();
  await second.closeCode();
  await until(
    async () => {
      const signaling = (await snapshot()).filter((entry) => entry.kind === "signaling");
      return signaling.length === 1 && (signaling[0]?.bytesIn ?? 0) > firstBytesIn * 1.5;
    },
    undefined,
    "closed signaling sockets to be folded into one total",
  );
});
