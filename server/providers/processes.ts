import fs from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

/** Poll step while waiting for a process to exit: short enough that stop feels instant. */
const EXIT_POLL_MS = 50;

/** True while a process with this pid exists (EPERM means it exists but is not ours to signal). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The kernel's start time of a process (clock ticks since boot, from /proc), or null where
 * /proc does not exist. Together with the pid it names one process for good: pids get reused.
 */
export function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name start at field 3; starttime is field 22.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * True when the process started at `startTime` still runs. After a gateway restart a stored
 * pid may belong to an unrelated process, which must never be adopted or killed.
 */
export function isProcessRunning(pid: number, startTime: string | null): boolean {
  if (!isAlive(pid)) return false;
  return startTime === null || processStartTime(pid) === startTime;
}

/** Signals a whole process group, ignoring one that is already gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** Resolves true once the process is gone, false if it still runs after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(EXIT_POLL_MS);
  }
  return true;
}
