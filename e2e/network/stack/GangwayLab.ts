import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import type { Workspace } from "../../../protocol/rest.js";
import { TerminalPage } from "../../pages/TerminalPage.js";
import { Coturn } from "../lab/Coturn.js";
import { ChromiumInNamespace } from "../lab/chromiumInNamespace.js";
import { NetworkLab, type NetworkLabOptions } from "../lab/NetworkLab.js";
import { LabGateway } from "./LabGateway.js";
import { PEER_PROBE_SCRIPT } from "./peerProbe.js";

/** Polling the workspace until its agent (just launched in the cluster) has dialled in. */
const AGENT_WAIT_MS = 30_000;
const AGENT_POLL_MS = 200;

export interface GangwayLabOptions {
  readonly lab: NetworkLabOptions;
  /** The built SPA the gateway serves. */
  readonly spaDir: string;
  /** Which ICE servers the gateway hands out: STUN only, or STUN and TURN (UDP, TCP, TLS). */
  readonly ice: "stun" | "stun+turn";
}

/**
 * The whole product in the lab: the gateway and coturn on the internet host, Chromium in the
 * office behind its NAT, workspace agents in the cluster behind its NAT (launched there by the
 * gateway's local provider). Tests drive it as a person would: through the dashboard's origin.
 */
export class GangwayLab {
  private constructor(
    readonly lab: NetworkLab,
    readonly coturn: Coturn,
    readonly gateway: LabGateway,
    private readonly chromium: ChromiumInNamespace,
    readonly browser: Browser,
    readonly context: BrowserContext,
    /** A tab kept on the dashboard's origin, through which the API is called. */
    private readonly apiPage: Page,
  ) {}

  static async start(options: GangwayLabOptions): Promise<GangwayLab> {
    const lab = await NetworkLab.create(options.lab);
    const owned: { dispose(): Promise<void> }[] = [lab];
    try {
      const address = lab.internetHostAddresses[0];
      const coturn = await Coturn.start(lab.internet, { address });
      owned.unshift(coturn);
      const urls = coturn.urls();
      const gateway = await LabGateway.start(lab.internet, {
        address,
        spaDir: options.spaDir,
        agentNamespace: lab.cluster.host,
        env: {
          GANGWAY_STUN_URLS: `stun:${address}:3478`,
          ...(options.ice === "stun+turn"
            ? { GANGWAY_TURN_URLS: [urls.udp, urls.tcp, urls.tls].join(","), GANGWAY_TURN_SECRET: coturn.sharedSecret }
            : {}),
        },
      });
      owned.unshift({ dispose: () => gateway.stop() });
      const chromium = await ChromiumInNamespace.create(lab.office.host, {
        secureOrigins: [gateway.origin],
        trustedSpkiHashes: [coturn.certificateSpkiHash],
      });
      owned.unshift(chromium);
      const browser = await chromium.launch();
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addInitScript({ content: PEER_PROBE_SCRIPT });
      const apiPage = await context.newPage();
      await apiPage.goto(`${gateway.origin}/`);
      return new GangwayLab(lab, coturn, gateway, chromium, browser, context, apiPage);
    } catch (error) {
      for (const resource of owned) await resource.dispose().catch(() => undefined);
      throw error;
    }
  }

  get origin(): string {
    return this.gateway.origin;
  }

  /** A REST call from inside the office's browser (the test process cannot reach the lab). */
  api<T>(method: string, route: string, body?: unknown): Promise<T> {
    return this.apiPage.evaluate(
      async ({ method, route, body }) => {
        const response = await fetch(`/api/v1${route}`, {
          method,
          headers: method === "GET" ? {} : { "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        if (!response.ok) throw new Error(`${method} ${route} → ${response.status} ${text}`);
        return (text ? JSON.parse(text) : null) as T;
      },
      { method, route, body },
    );
  }

  /** First-run setup: the admin, signed in for every tab of the context. */
  async signIn(): Promise<void> {
    await this.api("POST", "/setup", { username: "ada", password: "correct-horse-battery" });
  }

  /** Creates a workspace and waits until its agent, in the cluster, has dialled in. */
  async createWorkspace(name: string): Promise<Workspace> {
    const created = await this.api<Workspace>("POST", "/workspaces", { name });
    const deadline = Date.now() + AGENT_WAIT_MS;
    for (;;) {
      const workspace = await this.api<Workspace>("GET", `/workspaces/${created.id}`);
      if (workspace.status === "running" && workspace.agent.connection === "connected") return workspace;
      if (workspace.status === "failed") throw new Error(`workspace failed: ${workspace.statusMessage}`);
      if (Date.now() > deadline) throw new Error(`the agent did not connect\n${this.gateway.logs()}`);
      await new Promise((resolve) => setTimeout(resolve, AGENT_POLL_MS));
    }
  }

  /** Opens a new terminal session in a new tab; does not wait for it to connect. */
  async openTerminal(workspaceId: string, session: string = randomUUID()): Promise<TerminalPage> {
    const page = await this.context.newPage();
    await page.goto(`${this.origin}/workspaces/${workspaceId}/terminal/${session}`);
    return new TerminalPage(page);
  }

  async dispose(): Promise<void> {
    await this.context.close().catch(() => undefined);
    await this.chromium.dispose();
    await this.gateway.stop();
    await this.coturn.dispose();
    await this.lab.dispose();
  }
}
