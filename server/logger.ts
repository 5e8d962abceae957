import { type Logger, pino } from "pino";
import type { ServerConfig } from "./config.js";

/**
 * Secrets that must never reach a log line, wherever a careless log call might put them:
 * headers carrying credentials, and any field named like a password or token.
 */
const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "headers.authorization",
  "headers.cookie",
  'headers["set-cookie"]',
  "password",
  "token",
  "agentToken",
  "GANGWAY_AGENT_TOKEN",
  "*.password",
  "*.token",
  "*.agentToken",
  "*.GANGWAY_AGENT_TOKEN",
  // Provider secrets, wherever a provider request body might end up in a log line.
  "clientKey",
  "*.clientKey",
  "*.*.token",
  "*.*.clientKey",
  "*.*.*.clientKey",
  // The TURN REST secret, should a config object ever be logged.
  "secret",
  "*.secret",
  "*.*.secret",
  "GANGWAY_TURN_SECRET",
  "*.GANGWAY_TURN_SECRET",
];

export function createLogger(config: Pick<ServerConfig, "logLevel" | "logDestination">): Logger {
  const options = { level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } };
  return config.logDestination ? pino(options, config.logDestination) : pino(options);
}
