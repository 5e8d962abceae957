import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DestinationStream } from "pino";
import { z } from "zod";
import { describeZodError } from "../protocol/errors.js";
import { IceServer } from "../protocol/signaling.js";
import type { ProviderTimings } from "./providers/timings.js";
import { parseSecretKey } from "./secrets/secretKey.js";

/** Everything the gateway needs to start; `main.ts` builds it from the environment. */
export interface ServerConfig {
  /** TCP port; 0 picks a free one (tests). */
  port: number;
  /** Bind address. 127.0.0.1 keeps a fresh install private; real deployments use 0.0.0.0. */
  listenAddress: string;
  /** Holds the SQLite database and the local provider's workspaces. */
  dataDir: string;
  /** Public URL of the dashboard; null means http://localhost:<actual port>. */
  accessUrl: string | null;
  /** Handed to every browser and agent for its peer connections. */
  iceServers: IceServer[];
  /** Enables the bench-only relay route (the reverse-proxy reference). */
  benchRelay: boolean;
  /** Directory holding the built SPA (`vite build` output). */
  spaDir: string;
  /** Stop local agents when the server shuts down (tests and CI). */
  stopWorkspacesOnExit: boolean;
  logLevel: string;
  /** Where pino writes; stdout when absent. Tests pass a stream to inspect the logs. */
  logDestination?: DestinationStream;
  /** Script the local provider runs as the agent (absolute path). */
  agentEntry: string;
  /**
   * 32-byte key encrypting provider secrets at rest (GANGWAY_SECRET_KEY); absent means the key
   * in `<dataDir>/secret.key`, generated on the first start.
   */
  secretKey?: Buffer;
  /** Overrides of the provider timings (tests shorten them); see providers/timings.ts. */
  providerTimings?: Partial<ProviderTimings>;
}

/** Thrown for configuration a human must fix; main.ts prints it and exits 2. */
export class ConfigError extends Error {}

const DEFAULT_PORT = 7080;
const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The real agent, spawned as a process (the server never imports agent code). */
export const DEFAULT_AGENT_ENTRY = path.join(REPO_ROOT, "agent", "main.ts");

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORT),
  GANGWAY_LISTEN: z.string().min(1).default("127.0.0.1"),
  GANGWAY_DATA_DIR: z.string().min(1).default(".gangway"),
  GANGWAY_ACCESS_URL: z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
    .transform((url) => url.replace(/\/+$/, ""))
    .optional(),
  GANGWAY_ICE_SERVERS: z.string().default("[]"),
  GANGWAY_BENCH_RELAY: z.enum(["0", "1"]).default("0"),
  GANGWAY_SPA_DIR: z.string().min(1).default("dist"),
  GANGWAY_STOP_WORKSPACES_ON_EXIT: z.enum(["0", "1"]).default("0"),
  GANGWAY_LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  GANGWAY_SECRET_KEY: z.string().optional(),
});

function parseSecretKeyVariable(text: string | undefined): Buffer | undefined {
  if (text === undefined || text === "") return undefined;
  const key = parseSecretKey(text);
  if (!key) {
    throw new ConfigError(
      "GANGWAY_SECRET_KEY: must be 32 bytes as base64 (44 characters) or hex (64 digits), e.g. `openssl rand -base64 32`",
    );
  }
  return key;
}

function parseIceServers(json: string): IceServer[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ConfigError("GANGWAY_ICE_SERVERS: not valid JSON (expected an array of RTCIceServer objects)");
  }
  const result = z.array(IceServer).safeParse(value);
  if (!result.success) throw new ConfigError(`GANGWAY_ICE_SERVERS: ${describeZodError(result.error)}`);
  return result.data;
}

/** Reads the configuration from environment variables; throws ConfigError when one is invalid. */
export function configFromEnv(env: NodeJS.ProcessEnv, cwd = process.cwd()): ServerConfig {
  const result = EnvSchema.safeParse(env);
  if (!result.success) throw new ConfigError(describeZodError(result.error));
  const vars = result.data;
  return {
    port: vars.PORT,
    listenAddress: vars.GANGWAY_LISTEN,
    dataDir: path.resolve(cwd, vars.GANGWAY_DATA_DIR),
    accessUrl: vars.GANGWAY_ACCESS_URL ?? null,
    iceServers: parseIceServers(vars.GANGWAY_ICE_SERVERS),
    benchRelay: vars.GANGWAY_BENCH_RELAY === "1",
    spaDir: path.resolve(cwd, vars.GANGWAY_SPA_DIR),
    stopWorkspacesOnExit: vars.GANGWAY_STOP_WORKSPACES_ON_EXIT === "1",
    logLevel: vars.GANGWAY_LOG_LEVEL,
    agentEntry: DEFAULT_AGENT_ENTRY,
    secretKey: parseSecretKeyVariable(vars.GANGWAY_SECRET_KEY),
  };
}
