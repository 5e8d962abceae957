/**
 * Where a workspace's compute runs. The local provider runs agent processes on this machine;
 * Kubernetes and Docker providers implement the same contract. A provider only creates and
 * removes compute: the agent inside dials out to the gateway, so no provider ever opens an
 * inbound path to a workspace.
 */
import type { ProviderCheck } from "../../protocol/rest.js";

/** What a provider is told about a workspace. */
export interface ProviderWorkspace {
  id: string;
  name: string;
  /** What `start` returned last time (stored as JSON by the gateway), or null. */
  state: ProviderState | null;
}

/** Provider-specific handle on the compute, e.g. `{ pid }`; must survive a JSON round trip. */
export type ProviderState = Record<string, unknown>;

/** Told when compute stops on its own (crash, OOM), not when the gateway stopped it. */
export type ComputeExitListener = (workspaceId: string, reason: string) => void;

export interface WorkspaceProvider {
  /** Creates the compute if needed and starts its agent with this token. Returns its state. */
  start(workspace: ProviderWorkspace, agentToken: string): Promise<ProviderState>;

  /**
   * After a gateway restart: watches the compute again if it still runs (its agent
   * reconnects by itself) and returns true; false when it is gone and must be started again.
   */
  resume(workspace: ProviderWorkspace): Promise<boolean>;

  /** Stops the agent and its compute; resolves once they are gone. */
  stop(workspace: ProviderWorkspace): Promise<void>;

  /** Removes everything the workspace stored (it is stopped first). */
  delete(workspace: ProviderWorkspace): Promise<void>;

  /**
   * The connection test: can the gateway reach the provider, and may it do everything that
   * start, stop and delete need? Each check says what it found or exactly what is missing.
   */
  check(): Promise<ProviderCheck[]>;

  /**
   * Releases watchers, timers and requests in flight; leaves compute running (workspaces
   * outlive the gateway). Resolves once nothing of the provider's is still running.
   */
  dispose(): void | Promise<void>;
}
