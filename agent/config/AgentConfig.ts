import { statSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";

/**
 * Unattached terminal sessions are kept this long: a reload, a laptop lid closed over a
 * coffee, a flaky train connection all come back to the same shell; an abandoned tab's
 * shell does not live forever.
 */
export const DEFAULT_PTY_IDLE_TIMEOUT_MS = 10 * 60_000;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AgentConfig {
  readonly gatewayUrl: URL;
  /** The agent's secret; only ever sent in the gateway socket's Authorization header. */
  readonly token: string;
  readonly workspaceDir: string;
  readonly ptyIdleTimeoutMs: number;
  readonly logLevel: LogLevel;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: AgentConfig }
  | { readonly ok: false; readonly problems: string[] };

/** An unset variable and an empty one mean the same: use the default. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const Environment = z.object({
  GANGWAY_URL: z
    .string({ error: "is required (the gateway's base URL, e.g. https://gangway.example.org)" })
    .refine(isGatewayUrl, "must be an http(s):// or ws(s):// URL"),
  GANGWAY_AGENT_TOKEN: z.string({ error: "is required" }).min(1, "is required"),
  GANGWAY_WORKSPACE_DIR: optional(z.string()),
  GANGWAY_PTY_IDLE_TIMEOUT_MS: optional(z.coerce.number().int().positive("must be a positive number of ms")),
  GANGWAY_LOG_LEVEL: optional(z.enum(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(", ")}`)),
});

/** Reads the agent's configuration from its environment; problems are sentences, never secrets. */
export function loadAgentConfig(env: NodeJS.ProcessEnv, cwd: string): ConfigResult {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`) };
  }
  const vars = parsed.data;
  const workspaceDir = resolve(cwd, vars.GANGWAY_WORKSPACE_DIR ?? ".");
  if (!isDirectory(workspaceDir)) {
    return { ok: false, problems: [`GANGWAY_WORKSPACE_DIR ${workspaceDir} is not a directory`] };
  }
  return {
    ok: true,
    config: {
      gatewayUrl: new URL(vars.GANGWAY_URL),
      token: vars.GANGWAY_AGENT_TOKEN,
      workspaceDir,
      ptyIdleTimeoutMs: vars.GANGWAY_PTY_IDLE_TIMEOUT_MS ?? DEFAULT_PTY_IDLE_TIMEOUT_MS,
      logLevel: vars.GANGWAY_LOG_LEVEL ?? "info",
    },
  };
}

function isGatewayUrl(value: string): boolean {
  try {
    return ["http:", "https:", "ws:", "wss:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
