import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DestinationStream } from "pino";
import { z } from "zod";
import { describeZodError } from "../protocol/errors.js";
import { TurnUrl } from "../protocol/rest.js";
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
  /**
   * The domain app hostnames end in, `<app>--<workspace>--<user>.<apps domain>`
   * (GANGWAY_APPS_DOMAIN, docs/adr/0007-app-origins.md); absent or null: `apps.<dashboard hostname>`.
   */
  appsDomain?: string | null;
  /** Static ICE servers handed to every browser and agent as they are (GANGWAY_ICE_SERVERS). */
  iceServers: IceServer[];
  /** STUN servers handed to both peers (GANGWAY_STUN_URLS). */
  stunUrls?: string[];
  /** TURN servers and the secret their per-connection credentials are derived from; absent: none. */
  turn?: TurnConfig;
  /**
   * Words put before `node … agent/main.ts` when the local provider starts an agent, e.g.
   * `["ip", "netns", "exec", "lab-cluster"]` (GANGWAY_LOCAL_AGENT_LAUNCHER). For tests and
   * advanced setups that run local agents in another network namespace or under a wrapper.
   */
  localAgentLauncher?: string[];
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
  /** Milliseconds since the epoch for app tickets, sessions and grants; tests move it. Default Date.now. */
  clock?: () => number;
}

/** TURN servers sharing one TURN REST secret (coturn's `static-auth-secret`). */
export interface TurnConfig {
  urls: string[];
  /** Never logged, never sent to a client: only HMACs derived from it are. */
  secret: string;
}

/** Thrown for configuration a human must fix; main.ts prints it and exits 2. */
export class ConfigError extends Error {}

const DEFAULT_PORT = 7080;
const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The real agent, spawned as a process (the server never imports agent code). */
export const DEFAULT_AGENT_ENTRY = path.join(REPO_ROOT, "agent", "main.ts");

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/**
 * A TURN secret shorter than this is guessable offline from one captured credential (the
 * HMAC is public); `openssl rand -base64 32` gives 44 characters.
 */
const MIN_TURN_SECRET_LENGTH = 16;

/** A DNS name: dot-separated labels of letters, digits and inner dashes. */
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

const STUN_URL = /^stun:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORT),
  GANGWAY_LISTEN: z.string().min(1).default("127.0.0.1"),
  GANGWAY_DATA_DIR: z.string().min(1).default(".gangway"),
  GANGWAY_ACCESS_URL: z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
    .transform((url) => url.replace(/\/+$/, ""))
    .optional(),
  GANGWAY_APPS_DOMAIN: z
    .string()
    .transform((domain) => domain.trim().toLowerCase().replace(/\.$/, ""))
    .refine((domain) => domain === "" || DNS_NAME.test(domain), "must be a DNS name such as apps.ide.example.com")
    .optional(),
  GANGWAY_ICE_SERVERS: z.string().default("[]"),
  GANGWAY_STUN_URLS: z.string().default(""),
  GANGWAY_TURN_URLS: z.string().default(""),
  GANGWAY_TURN_SECRET: z.string().default(""),
  GANGWAY_LOCAL_AGENT_LAUNCHER: z.string().default(""),
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

/** A comma-separated list of URLs, each checked against `valid`. */
function parseUrlList(name: string, text: string, valid: (url: string) => boolean, example: string): string[] {
  const urls = text
    .split(",")
    .map((url) => url.trim())
    .filter((url) => url !== "");
  const invalid = urls.find((url) => !valid(url));
  if (invalid !== undefined) throw new ConfigError(`${name}: "${invalid}" is not a valid URL (e.g. ${example})`);
  return urls;
}

function parseTurn(urlsText: string, secret: string): TurnConfig | undefined {
  const urls = parseUrlList(
    "GANGWAY_TURN_URLS",
    urlsText,
    (url) => TurnUrl.safeParse(url).success,
    "turn:turn.example.com:3478?transport=udp",
  );
  if (urls.length === 0 && secret === "") return undefined;
  if (urls.length === 0) throw new ConfigError("GANGWAY_TURN_SECRET: set, but GANGWAY_TURN_URLS names no TURN server");
  if (secret.length < MIN_TURN_SECRET_LENGTH) {
    throw new ConfigError(
      `GANGWAY_TURN_SECRET: required with GANGWAY_TURN_URLS, at least ${MIN_TURN_SECRET_LENGTH} characters (coturn's static-auth-secret; e.g. \`openssl rand -base64 32\`)`,
    );
  }
  return { urls, secret };
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
    appsDomain: vars.GANGWAY_APPS_DOMAIN || null,
    iceServers: parseIceServers(vars.GANGWAY_ICE_SERVERS),
    stunUrls: parseUrlList(
      "GANGWAY_STUN_URLS",
      vars.GANGWAY_STUN_URLS,
      (url) => STUN_URL.test(url),
      "stun:stun.example.com:3478",
    ),
    turn: parseTurn(vars.GANGWAY_TURN_URLS, vars.GANGWAY_TURN_SECRET),
    localAgentLauncher: vars.GANGWAY_LOCAL_AGENT_LAUNCHER.split(/\s+/).filter((word) => word !== ""),
    benchRelay: vars.GANGWAY_BENCH_RELAY === "1",
    spaDir: path.resolve(cwd, vars.GANGWAY_SPA_DIR),
    stopWorkspacesOnExit: vars.GANGWAY_STOP_WORKSPACES_ON_EXIT === "1",
    logLevel: vars.GANGWAY_LOG_LEVEL,
    agentEntry: DEFAULT_AGENT_ENTRY,
    secretKey: parseSecretKeyVariable(vars.GANGWAY_SECRET_KEY),
  };
}
