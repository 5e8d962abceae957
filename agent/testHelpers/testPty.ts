import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { pino } from "pino";
import { PtySessionManager, type PtySessionManagerOptions } from "../pty/PtySessionManager.js";

/** Logs nothing; tests assert on behaviour, not on log lines. */
export const silentLogger = pino({ level: "silent" });

/** A shell without user rc files, so tests see the same prompt on every machine. */
export const TEST_SHELL = { file: "/bin/bash", args: ["--norc", "--noprofile", "-i"] } as const;

export function testPtyManager(options: Partial<PtySessionManagerOptions> = {}): PtySessionManager {
  return new PtySessionManager({
    workspaceDir: tmpdir(),
    idleTimeoutMs: 60_000,
    logger: silentLogger,
    shell: TEST_SHELL,
    env: { ...process.env, PS1: "$ " },
    ...options,
  });
}

export const newSessionId = (): string => randomUUID();
