import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import nodeDataChannel from "node-datachannel";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AppSlug } from "../../protocol/rest.js";
import { StreamKind } from "../../protocol/streams.js";
import type { AppLaunchers } from "../apps/AppLauncher.js";
import { HttpTestClient } from "../apps/testHelpers/HttpTestClient.js";
import { close, listen } from "../apps/testHelpers/listen.js";
import type { PtySessionManager } from "../pty/PtySessionManager.js";
import { localAgentIdentity } from "../streams/agentIdentity.js";
import { grantPayload, signAppGrant } from "../testHelpers/appGrants.js";
import type { BrowserPeer } from "../testHelpers/BrowserPeer.js";
import { FakeGateway } from "../testHelpers/FakeGateway.js";
import { silentLogger, testPtyManager } from "../testHelpers/testPty.js";
import { AppGrantVerifier } from "./appGrant.js";
import { PeerHost } from "./PeerHost.js";

const TOKEN = "agent-token-for-grant-tests";
const WORKSPACE_ID = randomUUID();

let server: Server;
let port: number;
let gateway: FakeGateway;
let ptys: PtySessionManager;
let host: PeerHost;
const clients: HttpTestClient[] = [];

beforeAll(async () => {
  server = createServer((_request, response) => response.end("hello from the app"));
  port = await listen(server);
  gateway = new FakeGateway();
  ptys = testPtyManager();
  const grants = new AppGrantVerifier(TOKEN);
  grants.welcomed(WORKSPACE_ID);
  // "code-server" is the same test app, so both kinds of grant reach something real.
  const apps: AppLaunchers = {
    "code-server": { start: async () => ({ ok: true, value: port }), dispose: async () => {} },
  };
  host = new PeerHost({
    signal: gateway.signal,
    streams: { identity: localAgentIdentity("test-1.0"), ptys, logger: silentLogger, apps },
    logger: silentLogger,
    grants,
  });
  gateway.attach(host);
});

afterEach(() => {
  for (const client of clients.splice(0)) {
    expect(client.violations).toEqual([]);
    client.close();
  }
});

afterAll(async () => {
  gateway.dispose();
  host.dispose();
  await ptys.dispose();
  await close(server);
  nodeDataChannel.cleanup();
});

/** A browser whose offer carries the grant `payload` makes for its connection, signed with `token`. */
function grantedBrowser(
  payload: (connectionId: string) => Parameters<typeof signAppGrant>[1],
  token = TOKEN,
): BrowserPeer {
  return gateway.browser({ grant: (connectionId) => signAppGrant(token, payload(connectionId)) });
}

async function connectedFor(slug: AppSlug): Promise<BrowserPeer> {
  const browser = grantedBrowser((connectionId) => grantPayload(connectionId, WORKSPACE_ID, { slug }));
  await browser.openChannel("control", StreamKind.control);
  return browser;
}

async function http(browser: BrowserPeer, label: unknown): Promise<HttpTestClient> {
  const client = await HttpTestClient.open(browser, label);
  clients.push(client);
  return client;
}

async function expectForbidden(browser: BrowserPeer, label: unknown, protocol: string): Promise<void> {
  const channel = await browser.openChannel(typeof label === "string" ? label : JSON.stringify(label), protocol);
  await channel.waitForMessage({ type: "error", code: "FORBIDDEN" });
  await channel.waitForClose();
}

const answersFor = (connectionId: string) =>
  gateway.fromAgent.filter((message) => message.type === "peer-answer" && message.connectionId === connectionId);

describe("offers with a grant", () => {
  it("refuse a forged, expired or misdirected grant with FORBIDDEN and answer nothing", async () => {
    const refused = [
      grantedBrowser((connectionId) => grantPayload(connectionId, WORKSPACE_ID), "another-agent-token"),
      grantedBrowser((connectionId) => grantPayload(connectionId, WORKSPACE_ID, { exp: Date.now() - 60_000 })),
      grantedBrowser(() => grantPayload(randomUUID(), WORKSPACE_ID)),
      grantedBrowser((connectionId) => grantPayload(connectionId, randomUUID())),
      gateway.browser({ grant: () => "not-a-grant" }),
    ];
    for (const browser of refused) {
      // Never opens: the agent refuses the offer.
      browser.openChannel("control", StreamKind.control).catch(() => undefined);
      expect(await browser.waitForError()).toMatchObject({
        type: "error",
        code: "FORBIDDEN",
        connectionId: browser.connectionId,
        message: expect.any(String),
      });
      expect(answersFor(browser.connectionId)).toEqual([]);
      expect(host.get(browser.connectionId)).toBeUndefined();
    }
  });

  it("let a peer granted code-server open its control channel and http channels to code-server", async () => {
    const browser = await connectedFor("code-server");
    const control = await browser.openChannel("control", StreamKind.control);
    control.sendJson({ type: "ping", id: 1, sentAt: 0 });
    await control.waitForMessage({ type: "pong", id: 1 });
    const client = await http(browser, { app: "code-server" });
    expect((await client.request({ path: "/" })).body.toString()).toBe("hello from the app");
  });

  it("refuse that peer terminals, other ports and other kinds, channel by channel", async () => {
    const browser = await connectedFor("code-server");
    await expectForbidden(browser, { session: randomUUID(), cols: 80, rows: 24 }, StreamKind.pty);
    await expectForbidden(browser, { port }, StreamKind.http);
    await expectForbidden(browser, { port, path: "/" }, StreamKind.ws);
    await expectForbidden(browser, "anything", "gangway.bogus.v9");
    expect(ptys.size).toBe(0);
    // The refusals closed those channels only.
    const client = await http(browser, { app: "code-server" });
    expect((await client.request({ path: "/" })).body.toString()).toBe("hello from the app");
  });

  it("let a peer granted a port reach that port only", async () => {
    const browser = await connectedFor(String(port));
    const client = await http(browser, { port });
    expect((await client.request({ path: "/" })).body.toString()).toBe("hello from the app");
    await expectForbidden(browser, { app: "code-server" }, StreamKind.http);
    await expectForbidden(browser, { port: port === 65535 ? 1 : port + 1 }, StreamKind.http);
    await expectForbidden(browser, { app: "code-server", path: "/" }, StreamKind.ws);
  });

  it("leave a peer without a grant every kind of channel", async () => {
    const browser = gateway.browser();
    const pty = await browser.openChannel(
      JSON.stringify({ session: randomUUID(), cols: 80, rows: 24 }),
      StreamKind.pty,
    );
    await pty.waitForMessage({ type: "attached" });
    const client = await http(browser, { port });
    expect((await client.request({ path: "/" })).body.toString()).toBe("hello from the app");
    pty.close();
  });
});
