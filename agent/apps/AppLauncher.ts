import type { AppName, AppTarget } from "../../protocol/streams.js";
import { fail, ok, type Result } from "../result.js";

/** Starts one app in the workspace on demand and knows the loopback port it answers on. */
export interface AppLauncher {
  /**
   * Resolves with the app's port once it answers, starting it first if it is not running
   * (never started, or died since). Concurrent calls share one start.
   */
  start(): Promise<Result<number>>;
  /** Stops the app and everything it started. */
  dispose(): Promise<void>;
}

/** The apps this agent can start, by name. */
export type AppLaunchers = Partial<Record<AppName, AppLauncher>>;

/** The loopback port an app channel's target names: its own port, or a started app's. */
export async function resolveTargetPort(target: AppTarget, apps: AppLaunchers): Promise<Result<number>> {
  if ("port" in target) return ok(target.port);
  const launcher = apps[target.app];
  if (!launcher) return fail("NOT_FOUND", `this agent does not run ${target.app}`);
  return launcher.start();
}
