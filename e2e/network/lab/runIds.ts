import { randomBytes } from "node:crypto";

/** Every lab namespace's name starts with this, so a sweeper can find the leftovers of crashed runs. */
export const LAB_PREFIX = "gwlab";

/** Random bytes after the pid: two labs of one process (or a reused pid) never share a name. */
const RUN_ID_RANDOM_BYTES = 3;

const NAMESPACE_PATTERN = new RegExp(`^${LAB_PREFIX}-([0-9a-z]+)x([0-9a-f]+)-`);

/**
 * Runs of this process that are live. Kept on globalThis because vitest may run several test
 * files in one worker with fresh module graphs; a sibling file's lab must not look stale.
 */
const ACTIVE_RUNS_KEY = Symbol.for("gangway.networkLab.activeRuns");
const globalRegistry = globalThis as { [ACTIVE_RUNS_KEY]?: Set<string> };
const activeRuns: Set<string> = globalRegistry[ACTIVE_RUNS_KEY] ?? new Set<string>();
globalRegistry[ACTIVE_RUNS_KEY] = activeRuns;

/** A short id naming one lab: the owning pid (base 36) and a random tail. */
export function newRunId(): string {
  return `${process.pid.toString(36)}x${randomBytes(RUN_ID_RANDOM_BYTES).toString("hex")}`;
}

export function namespaceName(runId: string, role: string): string {
  return `${LAB_PREFIX}-${runId}-${role}`;
}

/** The prefix shared by all of one run's namespaces. */
export function runPrefix(runId: string): string {
  return `${LAB_PREFIX}-${runId}-`;
}

export function markRunActive(runId: string): void {
  activeRuns.add(runId);
}

export function markRunEnded(runId: string): void {
  activeRuns.delete(runId);
}

/** The run a lab namespace belongs to and the pid that made it, or undefined for a foreign name. */
export function parseNamespaceName(name: string): { runId: string; pid: number } | undefined {
  const match = NAMESPACE_PATTERN.exec(name);
  if (!match?.[1] || !match[2]) return undefined;
  return { runId: `${match[1]}x${match[2]}`, pid: Number.parseInt(match[1], 36) };
}

/** True when the run that made a namespace can no longer clean it up itself. */
export function isRunStale(runId: string, pid: number): boolean {
  if (pid === process.pid) return !activeRuns.has(runId);
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
