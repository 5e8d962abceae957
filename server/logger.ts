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

/** Query parameters that carry credentials (app tickets, ADR 0007), wherever a URL is logged. */
const SECRET_QUERY_PARAMETERS = /([?&]ticket=)[^&#]*/gi;

/** What Fastify logs of each request (replacing its own serializer): the URL without credentials. */
interface LoggedRequest {
  method: string;
  url: string;
  host: string;
  ip: string;
  socket?: { remotePort?: number } | null;
}

function serializeRequest(request: LoggedRequest) {
  return {
    method: request.method,
    url: request.url.replace(SECRET_QUERY_PARAMETERS, "$1[redacted]"),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export function createLogger(config: Pick<ServerConfig, "logLevel" | "logDestination">): Logger {
  const options = {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    serializers: { req: serializeRequest },
  };
  return config.logDestination ? pino(options, config.logDestination) : pino(options);
}
