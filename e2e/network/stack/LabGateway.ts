import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Namespace } from "../lab/Namespace.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Any port: the internet namespace is the gateway's own host. Fixed so the origin is known before it starts. */
export const GATEWAY_PORT = 7080;
/** tsx compiles the server on start; two busy cores make that a few seconds. */
const START_TIMEOUT_MS = 30_000;
/** A graceful stop also stops the workspace agents (SIGTERM, then SIGKILL after 5 s). */
const STOP_TIMEOUT_MS = 15_000;

export interface LabGatewayOptions {
  /** The internet host address it listens on (its public address). */
  readonly address: string;
  /** The built SPA to serve. */
  readonly spaDir: string;
  /** The namespace local agents run in (GANGWAY_LOCAL_AGENT_LAUNCHER). */
  readonly agentNamespace: Namespace;
  /** GANGWAY_STUN_URLS, GANGWAY_TURN_URLS, GANGWAY_TURN_SECRET and anything else. */
  readonly env: Record<string, string>;
}

/**
 * The real gateway (`server/main.ts`, as `npm start` runs it) inside the lab's internet
 * namespace. Its local provider launches each workspace's agent with `ip netns exec <cluster>`,
 * so the agent lives behind the cluster's NAT and dials the gateway's public address.
 */
export class LabGateway {
  private output = "";

  private constructor(
    readonly origin: string,
    private readonly dataDir: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(namespace: Namespace, options: LabGatewayOptions): Promise<LabGateway> {
    const dataDir = await mkdtemp(path.join(tmpdir(), "gangway-network-gateway-"));
    const origin = `http://${options.address}:${GATEWAY_PORT}`;
    const child = namespace.spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(GATEWAY_PORT),
        GANGWAY_LISTEN: options.address,
        GANGWAY_ACCESS_URL: origin,
        GANGWAY_DATA_DIR: dataDir,
        GANGWAY_SPA_DIR: options.spaDir,
        GANGWAY_STOP_WORKSPACES_ON_EXIT: "1",
        GANGWAY_LOG_LEVEL: process.env.GANGWAY_LOG_LEVEL ?? "warn",
        GANGWAY_LOCAL_AGENT_LAUNCHER: `ip netns exec ${options.agentNamespace.name}`,
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const gateway = new LabGateway(origin, dataDir, child);
    try {
      await gateway.started();
    } catch (error) {
      await gateway.stop();
      throw error;
    }
    return gateway;
  }

  /** What the server printed, for failure messages. */
  logs(): string {
    return this.output;
  }

  /** Stops the server (which stops its workspaces' agents) and removes its data directory. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private started(): Promise<void> {
    return new Promise((resolve, reject) => {
      const record = (chunk: Buffer) => {
        this.output += chunk.toString();
        if (this.output.includes("Gangway is running at")) {
          clearTimeout(timer);
          resolve();
        }
      };
      this.child.stdout?.on("data", record);
      this.child.stderr?.on("data", record);
      const timer = setTimeout(() => reject(new Error(`the gateway did not start\n${this.output}`)), START_TIMEOUT_MS);
      this.child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the gateway exited (${code})\n${this.output}`));
      });
    });
  }
}
