import type { Logger } from "pino";
import type { ActiveWorkspaces } from "./ComputePoller.js";
import type { ProviderTimings } from "./timings.js";
import type { ComputeExitListener } from "./WorkspaceProvider.js";

/** What the gateway gives a Kubernetes or Docker provider besides its settings. */
export interface RemoteProviderOptions {
  providerId: string;
  /** The URL agents dial: the gateway's access URL (GANGWAY_ACCESS_URL). */
  gatewayUrl: () => string;
  /** Workspaces on this provider that should have compute now. */
  activeWorkspaces: ActiveWorkspaces;
  onExit: ComputeExitListener;
  timings: ProviderTimings;
  log: Logger;
}
