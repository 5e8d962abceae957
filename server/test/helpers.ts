import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import SqliteDatabase from "better-sqlite3";
import WebSocket, { type RawData } from "ws";
import type { AgentHub } from "../agents/AgentHub.js";
import { type RunningServer, startServer } from "../app.js";
import { DEFAULT_AGENT_ENTRY, type ServerConfig } from "../config.js";

export const FIXTURES = path.dirname(fileURLToPath(import.meta.url));
/** Spawned by the real LocalProvider; writes its token to `<home>/.agent-token` and idles. */
export const IDLE_AGENT = path.join(FIXTURES, "fixtures", "idleAgent.ts");
export const CRASHING_AGENT = path.join(FIXTURES, "fixtures", "crashingAgent.ts");
export const REAL_AGENT = DEFAULT_AGENT_ENTRY;

/** Default wait for something asynchronous in a test (agent start-up through tsx takes ~1 s). */
export const WAIT_MS = 15_000;

/** The smallest SDP the gateway relays as an offer; its content is the agent's business. */
export const OFFER_SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n";

export interface TestServer {
  url: string;
  /** The Origin a browser on the dashboard would send. */
  origin: string;
  dataDir: string;
  /** Everything the server logged so far (pino JSON lines). */
  logs(): string;
  /** The server's agent hub, for what agents reported that no route shows yet. */
  hub: AgentHub;
  /** Closes the server and stops its agents; `keepData` leaves the data dir for a restart. */
  close(options?: { keepData?: boolean; stopWorkspaces?: boolean }): Promise<void>;
}

/** Starts the real server on port 0 with a temporary data dir (or the given one). */
export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "gangway-test-"));
  const lines: string[] = [];
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const config: ServerConfig = {
    port: 0,
    listenAddress: "127.0.0.1",
    dataDir,
    accessUrl: null,
    iceServers: [{ urls: "stun:stun.example.test:3478" }],
    benchRelay: false,
    spaDir: path.join(dataDir, "no-spa"),
    stopWorkspacesOnExit: true,
    logLevel: "info",
    logDestination,
    agentEntry: IDLE_AGENT,
    ...overrides,
  };
  const server: RunningServer = await startServer(config);
  return {
    url: server.url,
    origin: new URL(server.url).origin,
    dataDir,
    logs: () => lines.join(""),
    hub: server.hub,
    close: async (options = {}) => {
      await server.close({ stopWorkspaces: options.stopWorkspaces ?? true });
      if (!options.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Where a server really listens (loopback), e.g. when its public URL is an https access URL. */
export function listeningUrl(testServer: TestServer): string {
  const line =
    testServer
      .logs()
      .split("\n")
      .find((entry) => entry.includes("gateway listening")) ?? "";
  return (JSON.parse(line) as { internalUrl: string }).internalUrl;
}

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A browser-like API client: keeps the session cookie, sends JSON, opens WebSockets. */
export class TestClient {
  cookie: string | null = null;

  constructor(readonly server: Pick<TestServer, "url" | "origin">) {}

  async fetch<T = unknown>(method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.server.url}/api/v1${route}`, {
      method,
      headers: {
        ...(method === "GET" ? {} : { "content-type": "application/json" }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const setCookie = response.headers.get("set-cookie");
    if (setCookie) this.cookie = setCookie.split(";")[0] ?? null;
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T };
  }

  get<T = unknown>(route: string) {
    return this.fetch<T>("GET", route);
  }

  post<T = unknown>(route: string, body?: unknown) {
    return this.fetch<T>("POST", route, body);
  }

  delete<T = unknown>(route: string) {
    return this.fetch<T>("DELETE", route);
  }

  /** Opens a WebSocket under /api/v1 as a browser on the dashboard would (cookie + Origin). */
  ws(route: string, options: { origin?: string | null; cookie?: string | null } = {}): WebSocket {
    const origin = options.origin === undefined ? this.server.origin : options.origin;
    const cookie = options.cookie === undefined ? this.cookie : options.cookie;
    const headers: Record<string, string> = {};
    if (cookie) headers.cookie = cookie;
    return new WebSocket(`${this.server.url.replace(/^http/, "ws")}/api/v1${route}`, {
      headers,
      ...(origin ? { origin } : {}),
    });
  }
}

/** Signs in as a fresh admin (first user) and returns the client. */
export async function setupAdmin(server: TestServer, username = "admin"): Promise<TestClient> {
  const client = new TestClient(server);
  const response = await client.post("/setup", { username, password: "correct horse" });
  if (response.status !== 201) throw new Error(`setup failed: ${JSON.stringify(response.body)}`);
  return client;
}

/** Creates a member with the admin client and returns a client signed in as them. */
export async function createMember(server: TestServer, admin: TestClient, username: string): Promise<TestClient> {
  const created = await admin.post("/users", { username, password: "member password", role: "member" });
  if (created.status !== 201) throw new Error(`create user failed: ${JSON.stringify(created.body)}`);
  const client = new TestClient(server);
  const login = await client.post("/auth/login", { username, password: "member password" });
  if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
  return client;
}

export type Refusal = { refused: true; status: number; body: unknown };

/** Resolves once the socket is open, or with the HTTP refusal if the upgrade was answered otherwise. */
export function wsWait(ws: WebSocket): Promise<WebSocket | Refusal> {
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_request, response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      response.on("end", () => {
        resolve({ refused: true, status: response.statusCode ?? 0, body: text ? JSON.parse(text) : null });
        ws.terminate();
      });
    });
    ws.once("error", (error) => {
      if (ws.readyState !== WebSocket.CLOSED) reject(error);
    });
  });
}

/** Queues every message a socket receives so a test can await them in order without races. */
export class Inbox {
  readonly #messages: { data: RawData; isBinary: boolean }[] = [];
  closed: { code: number; reason: string } | null = null;

  constructor(readonly ws: WebSocket) {
    ws.on("message", (data, isBinary) => {
      this.#messages.push({ data, isBinary });
    });
    ws.on("close", (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
  }

  /** The next JSON text message. */
  async json<T = Record<string, unknown>>(timeoutMs = WAIT_MS): Promise<T> {
    const { data, isBinary } = await this.#next(timeoutMs);
    if (isBinary) throw new Error("expected a text message, got binary");
    return JSON.parse(data.toString()) as T;
  }

  /** The next binary message. */
  async binary(timeoutMs = WAIT_MS): Promise<Buffer> {
    const { data, isBinary } = await this.#next(timeoutMs);
    if (!isBinary) throw new Error(`expected binary, got ${data.toString()}`);
    return data as Buffer;
  }

  /** Resolves with the close code once the socket closed. */
  async closeCode(timeoutMs = WAIT_MS): Promise<number> {
    await until(() => this.closed !== null, timeoutMs, "socket to close");
    return this.closed?.code ?? 0;
  }

  get pending(): number {
    return this.#messages.length;
  }

  async #next(timeoutMs: number) {
    await until(() => this.#messages.length > 0 || this.closed !== null, timeoutMs, "a message");
    const message = this.#messages.shift();
    if (!message) throw new Error(`socket closed (${this.closed?.code}) before the expected message`);
    return message;
  }
}

/** Polls `condition` until it holds; fails the test with `what` after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = WAIT_MS, what = "condition") {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Opens a socket and fails unless the upgrade succeeds. */
export async function openWs(ws: WebSocket): Promise<Inbox> {
  const inbox = new Inbox(ws);
  const result = await wsWait(ws);
  if ("refused" in result) throw new Error(`upgrade refused: ${result.status} ${JSON.stringify(result.body)}`);
  return inbox;
}

/** The agent pid the local provider stored for a workspace (a read-only peek at the database). */
export function agentPid(dataDir: string, workspaceId: string): number {
  const db = new SqliteDatabase(path.join(dataDir, "gangway.db"), { readonly: true });
  try {
    const row = db.prepare("select provider_state from workspaces where id = ?").get(workspaceId) as
      | { provider_state: string | null }
      | undefined;
    const pid = row?.provider_state ? (JSON.parse(row.provider_state) as { pid?: number }).pid : undefined;
    if (!pid) throw new Error(`workspace ${workspaceId} has no agent pid`);
    return pid;
  } finally {
    db.close();
  }
}
