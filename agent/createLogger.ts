import { type Logger, pino } from "pino";
import type { LogLevel } from "./config/AgentConfig.js";

/**
 * Structured JSON logs to stdout. Redaction is a second line of defence: no code path logs
 * the token, and these paths catch it if one ever tries.
 */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { component: "agent", pid: process.pid },
    redact: {
      paths: [
        "token",
        "*.token",
        "authorization",
        "*.authorization",
        "headers.authorization",
        "*.headers.authorization",
      ],
      censor: "[redacted]",
    },
  });
}
