import { createHmac } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import WebSocket from "ws";
import type { AppOriginInfo, AppTicket, Workspace, WorkspaceAppList } from "../../protocol/rest.js";
import { SignalCloseCode } from "../../protocol/signaling.js";
import { agentTokenOf, FakeAgent } from "./fakeAgent.js";
import {
  createMember,
  listeningUrl,
  OFFER_SDP,
  openWs,
  setupAdmin,
  startTestServer,
  TestClient,
  type TestServer,
  until,
  wsWait,
} from "./helpers.js";

const HOST_PAGE = "<!doctype html><title>app host</title>";
const SERVICE_WORKER = "self.addEventListener('fetch', () => {})";

let server: TestServer;
let spaDir: string;
let now: number;
let alice: TestClient;
let workspace: Workspace;
let agentToken: string;
let agent: FakeAgent;

/** A build of the app origins' pages as the browser engineer's vite config lays it out. */
function appPagesBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gangway-apps-"));
  fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>dashboard</title>");
  fs.mkdirSync(path.join(dir, "assets"));
  fs.writeFileSync(path.join(dir, "assets", "dashboard.js"), "console.log('dashboard')");
  fs.mkdirSync(path.join(dir, "apps", "assets"), { recursive: true });
  fs.writeFileSync(path.join(dir, "apps", "host.html"), HOST_PAGE);
  fs.writeFileSync(path.join(dir, "apps", "sw.js"), SERVICE_WORKER);
  fs.writeFileSync(path.join(dir, "apps", "ws-shim.js"), "window.WebSocket = window.WebSocket;");
  fs.writeFileSync(path.join(dir, "apps", "assets", "host.js"), "console.log('host')");
  return dir;
}

async function runningWorkspace(client: TestClient, name: string): Promise<{ workspace: Workspace; token: string }> {
  const created = (await client.post<Workspace>("/workspaces", { name })).body;
  return { workspace: created, token: await agentTokenOf(server, created.id) };
}

async function waitForStatus(client: TestClient, id: string, status: Workspace["status"]): Promise<void> {
  await until(async () => (await client.get<Workspace>(`/workspaces/${id}`)).body.status === status, undefined, status);
}

beforeEach(async () => {
  now = Date.now();
  spaDir = appPagesBuild();
  server = await startTestServer({ spaDir, clock: () => now });
  alice = await setupAdmin(server, "alice");
  ({ workspace, token: agentToken } = await runningWorkspace(alice, "dev"));
  agent = await FakeAgent.connect(server, agentToken, "fake-1", ["code-server"]);
  await waitForStatus(alice, workspace.id, "running");
});

afterEach(async () => {
  await server.close();
  fs.rmSync(spaDir, { recursive: true, force: true });
});

const port = () => new URL(server.url).port;
const appHost = (slug: string, workspaceName = "dev", username = "alice") =>
  `${slug}--${workspaceName}--${username}.apps.localhost:${port()}`;
const appOrigin = (slug: string, workspaceName = "dev", username = "alice") =>
  `http://${appHost(slug, workspaceName, username)}`;

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request with any Host header (fetch() cannot set one), as a browser on that host sends it. */
function hostRequest(
  host: string,
  route: string,
  options: { method?: string; headers?: Record<string, string>; base?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${options.base ?? server.url}${route}`,
      { method: options.method ?? "GET", headers: { ...options.headers, host } },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          body += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on("error", reject);
    request.end();
  });
}

const NAVIGATION = { "sec-fetch-mode": "navigate", "sec-fetch-dest": "document", accept: "text/html" };

async function ticket(slug = "8080", client = alice, id = workspace.id, body: unknown = {}) {
  return client.post<AppTicket>(`/workspaces/${id}/apps/${slug}/ticket`, body);
}

/** Follows a ticket link on `host` (its own host unless given); returns the response. */
async function redeem(link: string, host = new URL(link).host): Promise<RawResponse> {
  const url = new URL(link);
  return hostRequest(host, `${url.pathname}${url.search}`, { headers: NAVIGATION });
}

/** Signs in on an app origin with a fresh ticket; returns the app session cookie (name=value). */
async function appSession(slug = "8080", client = alice): Promise<string> {
  const issued = await ticket(slug, client);
  expect(issued.status).toBe(200);
  const response = await redeem(issued.body.url);
  expect(response.status).toBe(303);
  const cookie = response.headers["set-cookie"]?.[0]?.split(";")[0];
  if (!cookie) throw new Error("no app session cookie");
  return cookie;
}

function info(cookie: string | null, host = appHost("8080")): Promise<RawResponse> {
  return hostRequest(host, "/__gangway/info", { headers: cookie ? { cookie } : {} });
}

describe("tickets", () => {
  test("a ticket opens its app origin once: cookie, then a 303 to the path; a second use is refused", async () => {
    const issued = await ticket("8080", alice, workspace.id, { path: "/docs/?q=1" });
    expect(issued.status).toBe(200);
    expect(issued.body).toEqual({ url: expect.any(String), origin: appOrigin("8080"), expiresInMs: 60_000 });
    // Signed with a key generated in the data directory, for the owner's eyes only.
    expect(fs.statSync(path.join(server.dataDir, "app.key")).mode & 0o777).toBe(0o600);
    const url = new URL(issued.body.url);
    expect(url.origin).toBe(appOrigin("8080"));
    expect(url.pathname).toBe("/__gangway/auth");
    expect(url.searchParams.get("path")).toBe("/docs/?q=1");

    // A HEAD (a link checker, a preview) does not use the ticket up.
    expect((await hostRequest(url.host, `${url.pathname}${url.search}`, { method: "HEAD" })).status).toBe(404);
    const first = await redeem(issued.body.url);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe("/docs/?q=1");
    const setCookie = first.headers["set-cookie"] ?? [];
    expect(setCookie).toHaveLength(1);
    const attributes = (setCookie[0] ?? "").split("; ");
    expect(attributes[0]).toMatch(/^gangway_app=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(attributes).toEqual(expect.arrayContaining(["Path=/__gangway/", "HttpOnly", "SameSite=Strict"]));
    const expires = attributes.find((attribute) => attribute.startsWith("Expires="));
    expect(Date.parse(expires?.slice("Expires=".length) ?? "")).toBeGreaterThan(now + 11 * 3600_000);
    expect(attributes.some((attribute) => /^(Domain|Secure)/i.test(attribute))).toBe(false);
    // The ticket never reaches the logs, though the request does.
    expect(server.logs()).toContain('"url":"/__gangway/auth?ticket=[redacted]&path=');
    expect(server.logs()).not.toContain(url.searchParams.get("ticket"));

    const again = await redeem(issued.body.url);
    expect(again.status).toBe(401);
    expect(again.headers["content-type"]).toMatch(/^text\/html/);
    expect(again.body).toContain("Open this app from the Gangway dashboard");
    expect(again.body).toContain(`href="${server.url}"`);
    expect(again.headers["set-cookie"]).toBeUndefined();
  });

  test("a ticket expires after 60 s", async () => {
    const issued = await ticket();
    now += 60_001;
    expect((await redeem(issued.body.url)).status).toBe(401);
  });

  test("a ticket works only on its own app's host: not another app's, not another workspace's", async () => {
    const web = await runningWorkspace(alice, "web");
    await FakeAgent.connect(server, web.token);
    await waitForStatus(alice, web.workspace.id, "running");

    const forApp = await ticket("8080");
    expect((await redeem(forApp.body.url, appHost("3000"))).status).toBe(401);
    const forWorkspace = await ticket("8080");
    expect((await redeem(forWorkspace.body.url, appHost("8080", "web"))).status).toBe(401);
    // A refused attempt on the wrong host does not use the ticket up.
    expect((await redeem(forWorkspace.body.url)).status).toBe(303);
    // Nor does another user's name in the hostname help.
    const forUser = await ticket("8080");
    expect((await redeem(forUser.body.url, appHost("8080", "dev", "bob"))).status).toBe(401);
  });

  test("another user's workspace is NOT_FOUND; one not running, a bad slug or path are refused", async () => {
    const bob = await createMember(server, alice, "bob");
    expect(await ticket("8080", bob)).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
    expect(await ticket("8080", new TestClient(server))).toMatchObject({ status: 401 });
    expect(await ticket("80800")).toMatchObject({ status: 400, body: { error: { code: "INVALID_REQUEST" } } });
    expect(await ticket("vscode")).toMatchObject({ status: 400 });
    for (const bad of ["//evil.example/", "/\\evil.example", "relative"]) {
      expect(await ticket("8080", alice, workspace.id, { path: bad })).toMatchObject({
        status: 400,
        body: { error: { code: "INVALID_REQUEST" } },
      });
    }
    const starting = await runningWorkspace(alice, "idle");
    expect(await ticket("8080", alice, starting.workspace.id)).toMatchObject({
      status: 409,
      body: { error: { code: "INVALID_STATE" } },
    });
  });

  test("an auth link whose path names another host is refused", async () => {
    const issued = await ticket();
    const url = new URL(issued.body.url);
    for (const bad of ["//evil.example/", "/\\evil.example"]) {
      url.searchParams.set("path", bad);
      const response = await redeem(url.toString());
      expect(response.status).toBe(400);
      expect(response.headers.location).toBeUndefined();
    }
  });

  test("behind an https access URL with GANGWAY_APPS_DOMAIN: origins on that domain, a Secure cookie", async () => {
    const secure = await startTestServer({ accessUrl: "https://ide.example.test", appsDomain: "apps.example.test" });
    try {
      const base = listeningUrl(secure);
      const client = await setupAdmin({ ...secure, url: base, origin: "https://ide.example.test" }, "alice");
      const created = (await client.post<Workspace>("/workspaces", { name: "dev" })).body;
      await FakeAgent.connect({ url: base }, await agentTokenOf(secure, created.id));
      await waitForStatus(client, created.id, "running");
      const issued = await client.post<AppTicket>(`/workspaces/${created.id}/apps/8080/ticket`);
      expect(issued.body.origin).toBe("https://8080--dev--alice.apps.example.test");
      const link = new URL(issued.body.url);
      const response = await hostRequest(link.host, `${link.pathname}${link.search}`, { base, headers: NAVIGATION });
      expect(response.status).toBe(303);
      expect(response.headers["set-cookie"]?.[0]).toMatch(/; Secure/);
    } finally {
      await secure.close();
    }
  });
});

describe("app sessions", () => {
  test("info on the app origin names the app; without a session it is UNAUTHENTICATED", async () => {
    agent.send({ type: "ports", ports: [{ port: 8080, process: "python3" }] });
    const cookie = await appSession();
    await until(async () => JSON.parse((await info(cookie)).body).title === "python3", undefined, "the port's title");
    const response = await info(cookie);
    expect(response.status).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(JSON.parse(response.body)).toEqual({
      workspaceId: workspace.id,
      workspaceName: "dev",
      slug: "8080",
      title: "python3",
      dashboardUrl: `${server.url}/workspaces/${workspace.id}`,
    } satisfies AppOriginInfo);

    const codeServer = await appSession("code-server");
    expect(JSON.parse((await info(codeServer, appHost("code-server"))).body)).toMatchObject({ title: "code-server" });

    const none = await info(null);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
  });

  test("the cookie of one app is no session on another app's host", async () => {
    const cookie = await appSession("8080");
    expect((await info(cookie, appHost("3000"))).status).toBe(401);
    expect((await info(cookie, appHost("8080"))).status).toBe(200);
  });

  test("logging out of the dashboard ends the app sessions it opened", async () => {
    const cookie = await appSession();
    expect((await info(cookie)).status).toBe(200);
    expect((await alice.post("/auth/logout")).status).toBe(204);
    expect((await info(cookie)).status).toBe(401);
  });

  test("an app session lasts 12 hours", async () => {
    const cookie = await appSession();
    now += 12 * 3600_000 - 1;
    expect((await info(cookie)).status).toBe(200);
    now += 1;
    expect((await info(cookie)).status).toBe(401);
  });
});

describe("what an app host serves", () => {
  test("top-level navigations get the host page, with its own policy and never the dashboard", async () => {
    for (const route of ["/", "/workspaces/abc", "/assets/dashboard.js", "/healthz"]) {
      const page = await hostRequest(appHost("8080"), route, { headers: NAVIGATION });
      expect(page.status).toBe(200);
      expect(page.body).toBe(HOST_PAGE);
      expect(page.headers["cache-control"]).toBe("no-store");
      expect(page.headers["x-frame-options"]).toBeUndefined();
      const csp = page.headers["content-security-policy"] ?? "";
      for (const directive of [
        "script-src 'self'",
        `connect-src 'self' ws://${appHost("8080")}`,
        "frame-src 'self'",
        "worker-src 'self'",
        "frame-ancestors 'self'",
      ]) {
        expect(csp).toContain(directive);
      }
      expect(page.headers["referrer-policy"]).toBe("no-referrer");
    }
  });

  test("/api is 404 on an app host, even with the dashboard's cookie", async () => {
    for (const route of ["/api/v1/auth/me", `/api/v1/workspaces/${workspace.id}`, "/api"]) {
      const response = await hostRequest(appHost("8080"), route, { headers: { cookie: alice.cookie ?? "" } });
      expect(response.status).toBe(404);
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: "NOT_FOUND" } });
    }
    const post = await hostRequest(appHost("8080"), `/api/v1/workspaces/${workspace.id}/stop`, {
      method: "POST",
      headers: { cookie: alice.cookie ?? "", "content-type": "application/json" },
    });
    expect(post.status).toBe(404);
    expect((await alice.get<Workspace>(`/workspaces/${workspace.id}`)).body.status).toBe("running");
  });

  test("requests the service worker should have handled, and frames, get a 404 saying so", async () => {
    const cases: Record<string, string>[] = [
      { "sec-fetch-mode": "no-cors", "sec-fetch-dest": "script" },
      { "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" },
      { "sec-fetch-mode": "navigate", "sec-fetch-dest": "iframe" },
      { accept: "application/json" },
    ];
    for (const headers of cases) {
      const response = await hostRequest(appHost("8080"), "/main.js", { headers });
      expect(response.status).toBe(404);
      expect(response.body).toContain("service worker");
    }
    const post = await hostRequest(appHost("8080"), "/", { method: "POST", headers: NAVIGATION });
    expect(post.status).toBe(404);
  });

  test("the service worker, the WebSocket shim and the host page's assets", async () => {
    const worker = await hostRequest(appHost("8080"), "/__gangway/sw.js");
    expect(worker.status).toBe(200);
    expect(worker.body).toBe(SERVICE_WORKER);
    expect(worker.headers["service-worker-allowed"]).toBe("/");
    expect(worker.headers["cache-control"]).toBe("no-cache");
    expect(worker.headers["content-type"]).toMatch(/^text\/javascript/);

    const shim = await hostRequest(appHost("8080"), "/__gangway/ws-shim.js");
    expect(shim.status).toBe(200);
    expect(shim.headers["content-type"]).toMatch(/^text\/javascript/);
    expect(shim.body).toContain("WebSocket");

    const asset = await hostRequest(appHost("8080"), "/__gangway/assets/host.js");
    expect(asset.status).toBe(200);
    expect(asset.body).toBe("console.log('host')");
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect((await hostRequest(appHost("8080"), "/__gangway/assets/..%2fsw.js")).status).toBe(404);
    expect((await hostRequest(appHost("8080"), "/__gangway/nothing", { headers: NAVIGATION })).status).toBe(404);
  });

  test("names under the apps domain that are no app, and /__gangway on the dashboard, are 404", async () => {
    for (const host of [
      `apps.localhost:${port()}`,
      `8080--alice.apps.localhost:${port()}`,
      `x.y.apps.localhost:${port()}`,
    ]) {
      const response = await hostRequest(host, "/", { headers: NAVIGATION });
      expect(response.status).toBe(404);
      expect(response.body).not.toContain("dashboard</title>");
    }
    const dashboard = await hostRequest(`localhost:${port()}`, "/__gangway/info", {
      headers: { cookie: alice.cookie ?? "" },
    });
    expect(dashboard.status).toBe(404);
  });
});

describe("the dashboard API refuses pages of other origins", () => {
  test("changes and tickets from an app origin or another site are 403 FORBIDDEN; the dashboard's pass", async () => {
    for (const origin of [appOrigin("8080"), "https://evil.example", "null"]) {
      const stop = await alice.fetch("POST", `/workspaces/${workspace.id}/stop`, undefined, { origin });
      expect(stop).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
      const issued = await alice.fetch("POST", `/workspaces/${workspace.id}/apps/8080/ticket`, {}, { origin });
      expect(issued).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
    }
    expect((await alice.get<Workspace>(`/workspaces/${workspace.id}`)).body.status).toBe("running");
    const fromDashboard = await alice.fetch(
      "POST",
      `/workspaces/${workspace.id}/apps/8080/ticket`,
      {},
      {
        origin: server.origin,
      },
    );
    expect(fromDashboard.status).toBe(200);
    // Reads are not changes.
    expect((await alice.fetch("GET", "/auth/me", undefined, { origin: appOrigin("8080") })).status).toBe(200);
  });
});

describe("apps list", () => {
  test("code-server first, then the reported ports with their titles, each with its origin", async () => {
    agent.send({
      type: "ports",
      ports: [
        { port: 8080, process: "python3" },
        { port: 3000, process: null },
      ],
    });
    const list = async () => (await alice.get<WorkspaceAppList>(`/workspaces/${workspace.id}/apps`)).body;
    await until(async () => (await list()).apps.length === 3, undefined, "the reported ports");
    expect(await list()).toEqual({
      apps: [
        {
          slug: "code-server",
          kind: "code-server",
          title: "code-server",
          port: null,
          process: null,
          origin: appOrigin("code-server"),
        },
        { slug: "8080", kind: "port", title: "python3", port: 8080, process: "python3", origin: appOrigin("8080") },
        { slug: "3000", kind: "port", title: "Port 3000", port: 3000, process: null, origin: appOrigin("3000") },
      ],
      reason: null,
    });

    agent.close();
    await until(async () => (await list()).reason !== null, undefined, "the agent to be gone");
    expect(await list()).toEqual({ apps: [], reason: expect.stringContaining("not connected") });

    const bob = await createMember(server, alice, "bob");
    expect((await bob.get(`/workspaces/${workspace.id}/apps`)).status).toBe(404);
  });
});

describe("app signaling", () => {
  /** Opens /__gangway/signal on an app host with what a browser there would send. */
  function appSignal(host: string, options: { origin?: string; cookie?: string | null }): WebSocket {
    const headers: Record<string, string> = { host };
    if (options.cookie) headers.cookie = options.cookie;
    return new WebSocket(`${server.url.replace(/^http/, "ws")}/__gangway/signal`, {
      headers,
      origin: options.origin ?? `http://${host}`,
    });
  }

  test("refused without an app session (typed error, 4401), and before the upgrade from another origin", async () => {
    const noCookie = await openWs(appSignal(appHost("8080"), {}));
    expect(await noCookie.json()).toEqual({ type: "error", code: "UNAUTHENTICATED", message: expect.any(String) });
    expect(await noCookie.closeCode()).toBe(SignalCloseCode.UNAUTHENTICATED);

    const cookie = await appSession("8080");
    for (const origin of [server.origin, appOrigin("3000"), "https://evil.example"]) {
      expect(await wsWait(appSignal(appHost("8080"), { cookie, origin }))).toEqual({
        refused: true,
        status: 403,
        body: { error: { code: "FORBIDDEN", message: expect.any(String) } },
      });
    }
    // Another app's cookie on this host is no session here.
    const elsewhere = await openWs(appSignal(appHost("3000"), { cookie }));
    expect(await elsewhere.json()).toMatchObject({ type: "error", code: "UNAUTHENTICATED" });
  });

  test("the agent's peer-offer carries a grant for this connection and app, signed with the agent token's key", async () => {
    const cookie = await appSession("8080");
    const signal = await openWs(appSignal(appHost("8080"), { cookie }));
    const hello = await signal.json<{ type: string; connectionId: string }>();
    expect(hello.type).toBe("hello");
    signal.ws.send(JSON.stringify({ type: "offer", sdp: OFFER_SDP }));

    const offer = await agent.inbox.json<{ type: string; grant?: string }>();
    expect(offer).toEqual({
      type: "peer-offer",
      connectionId: hello.connectionId,
      sdp: OFFER_SDP,
      iceServers: [{ urls: "stun:stun.example.test:3478" }],
      username: "alice",
      grant: expect.any(String),
    });
    // Verified as the agent does, independently of the server's code.
    const [payloadPart, signature] = (offer.grant ?? "").split(".");
    const key = createHmac("sha256", agentToken).update("gangway app grant v1").digest();
    expect(signature).toBe(
      createHmac("sha256", key)
        .update(payloadPart ?? "")
        .digest("base64url"),
    );
    expect(Buffer.from(payloadPart ?? "", "base64url").toString("utf8")).toBe(
      JSON.stringify({
        v: 1,
        connectionId: hello.connectionId,
        workspaceId: workspace.id,
        slug: "8080",
        exp: now + 60_000,
      }),
    );

    agent.send({ type: "peer-answer", connectionId: hello.connectionId, sdp: "answer-sdp" });
    expect(await signal.json()).toEqual({ type: "answer", sdp: "answer-sdp" });
  });

  test("the dashboard's own signaling carries no grant", async () => {
    const signal = await openWs(alice.ws(`/workspaces/${workspace.id}/signal`));
    await signal.json();
    signal.ws.send(JSON.stringify({ type: "offer", sdp: OFFER_SDP }));
    const offer = await agent.inbox.json();
    expect(offer.type).toBe("peer-offer");
    expect(offer).not.toHaveProperty("grant");
  });

  test("logging out refuses the app's signaling too", async () => {
    const cookie = await appSession("8080");
    await alice.post("/auth/logout");
    const signal = await openWs(appSignal(appHost("8080"), { cookie }));
    expect(await signal.json()).toMatchObject({ type: "error", code: "UNAUTHENTICATED" });
    expect(await signal.closeCode()).toBe(SignalCloseCode.UNAUTHENTICATED);
  });
});
