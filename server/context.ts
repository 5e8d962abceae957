import type { AgentHub } from "./agents/AgentHub.js";
import type { AppAccess } from "./apps/AppAccess.js";
import type { AppGrants } from "./apps/AppGrants.js";
import type { AppHosts } from "./apps/appHosts.js";
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
  /** Where users open the dashboard: the access URL, or http://localhost:<port> (known once it listens). */
  dashboardUrl: () => string;
  /** App hostnames and origins (docs/adr/0007-app-origins.md). */
  appHosts: AppHosts;
  /** App tickets and app sessions. */
  appAccess: AppAccess;
  /** Grants on app peers' offers. */
  appGrants: AppGrants;
}
