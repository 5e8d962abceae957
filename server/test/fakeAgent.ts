import fs from "node:fs";
import path from "node:path";
import WebSocket from "ws";
import { PROTOCOL_VERSION } from "../../protocol/version.js";
import { type Inbox, openWs, type TestServer, until, WAIT_MS } from "./helpers.js";

/** The token the idle fixture agent of this workspace was started with. */
export async function agentTokenOf(server: TestServer, workspaceId: string): Promise<string> {
  const file = path.join(server.dataDir, "workspaces", workspaceId, "home", ".agent-token");
  await until(() => fs.existsSync(file) && fs.readFileSync(file, "utf8").length > 0, WAIT_MS, "the agent token file");
  return fs.readFileSync(file, "utf8");
}

/** Opens an agent socket with this token, without the handshake. */
export function agentSocket(server: Pick<TestServer, "url">, token: string): WebSocket {
  return new WebSocket(`${server.url.replace(/^http/, "ws")}/api/v1/agent/connect`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

/** A `ws` client speaking protocol/agent.ts in place of the real agent. */
export class FakeAgent {
  private constructor(readonly inbox: Inbox) {}

  /** Connects and completes hello/welcome; `apps` are the apps its hello offers (e.g. code-server). */
  static async connect(
    server: Pick<TestServer, "url">,
    token: string,
    version = "fake-1",
    apps: string[] = [],
  ): Promise<FakeAgent> {
    const agent = new FakeAgent(await openWs(agentSocket(server, token)));
    agent.send({ type: "hello", protocolVersion: PROTOCOL_VERSION, version, apps });
    const welcome = await agent.inbox.json();
    if (welcome.type !== "welcome") throw new Error(`expected welcome, got ${JSON.stringify(welcome)}`);
    return agent;
  }

  get ws(): WebSocket {
    return this.inbox.ws;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  close(): void {
    this.ws.close();
  }
}
