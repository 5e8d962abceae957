import type { AgentHub } from "./agents/AgentHub.js";
import type { SessionStore } from "./auth/sessions.js";
import type { UserStore } from "./auth/users.js";
import type { BenchRelay } from "./bench/BenchRelay.js";
import type { ServerConfig } from "./config.js";
import type { Guards } from "./http/guards.js";
import type { ProviderService } from "./providers/ProviderService.js";
import type { SignalingBroker } from "./signaling/SignalingBroker.js";
import type { SocketMeter } from "./sockets/SocketMeter.js";
import type { WorkspaceService } from "./workspaces/WorkspaceService.js";

/** The services route modules use; built once by app.ts. */
export interface AppContext {
  config: ServerConfig;
  guards: Guards;
  users: UserStore;
  sessions: SessionStore;
  providers: ProviderService;
  workspaces: WorkspaceService;
  hub: AgentHub;
  broker: SignalingBroker;
  /** Null unless GANGWAY_BENCH_RELAY=1. */
  relay: BenchRelay | null;
  meter: SocketMeter;
  /** Origins allowed to open browser WebSockets (known once the server listens). */
  allowedOrigins: () => readonly string[];
}
