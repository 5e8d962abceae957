import { Namespace } from "./Namespace.js";
import { isRunStale, parseNamespaceName } from "./runIds.js";

/**
 * Removes the namespaces (and the processes inside them) of lab runs whose owner died without
 * disposing them. Runs of live processes are left alone, so parallel test workers never touch
 * each other's labs. Returns the names removed.
 */
export async function sweepStaleLabs(): Promise<string[]> {
  const stale = (await Namespace.listNames()).filter((name) => {
    const run = parseNamespaceName(name);
    return run !== undefined && isRunStale(run.runId, run.pid);
  });
  const removed: string[] = [];
  for (const name of stale) {
    try {
      await Namespace.adopt(name).dispose();
      removed.push(name);
    } catch (error) {
      // Another worker may be sweeping the same leftover; only a namespace still there is a failure.
      if ((await Namespace.listNames()).includes(name)) throw error;
    }
  }
  return removed;
}
