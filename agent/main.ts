/**
 * Entry point of the workspace agent: `node --import tsx agent/main.ts`.
 * Reads GANGWAY_URL, GANGWAY_AGENT_TOKEN, GANGWAY_WORKSPACE_DIR, GANGWAY_PTY_IDLE_TIMEOUT_MS
 * and GANGWAY_LOG_LEVEL (see README.md). Exits 2 on bad configuration, 0 after SIGTERM/SIGINT.
 */
import nodeDataChannel from "node-datachannel";
import { Agent } from "./Agent.js";
import { loadAgentConfig } from "./config/AgentConfig.js";
import { readAgentVersion } from "./config/agentVersion.js";
import { createLogger } from "./createLogger.js";

/** Exit code for missing or invalid configuration, distinct from a crash (1). */
const EXIT_BAD_CONFIG = 2;

/**
 * Shells get 3 s to exit after SIGHUP before SIGKILL; this leaves room for that and for the
 * socket's close handshake, and stays under the 10 s a container runtime waits before SIGKILL.
 */
const SHUTDOWN_TIMEOUT_MS = 8_000;

const loaded = loadAgentConfig(process.env, process.cwd());
if (!loaded.ok) {
  process.stderr.write(`gangway agent: invalid configuration:\n${loaded.problems.map((p) => `  ${p}\n`).join("")}`);
  process.exit(EXIT_BAD_CONFIG);
}
const { config } = loaded;
const logger = createLogger(config.logLevel);
const agent = new Agent({
  gatewayUrl: config.gatewayUrl,
  token: config.token,
  workspaceDir: config.workspaceDir,
  ptyIdleTimeoutMs: config.ptyIdleTimeoutMs,
  agentVersion: readAgentVersion(),
  logger,
});

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "agent shutting down");
  setTimeout(() => {
    logger.error("shutdown took too long; exiting anyway");
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS).unref();
  await agent.dispose();
  nodeDataChannel.cleanup();
  logger.info("agent stopped");
  process.exit(0);
}

process.on("SIGTERM", (signal) => void shutdown(signal));
process.on("SIGINT", (signal) => void shutdown(signal));
process.on("uncaughtException", (error) => {
  logger.fatal({ err: error }, "uncaught exception");
  process.exit(1);
});
agent.start();
