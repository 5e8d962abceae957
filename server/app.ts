/**
 * The gateway control plane: authentication, workspaces and their providers, and the
 * signaling broker between browsers and workspace agents. It may depend on protocol/ and npm
 * packages only; it never imports src/ or agent/ code (it spawns agent/main.ts as a process).
 */
import type { AddressInfo } from "node:net";
import path from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyWebsocket from "@fastify/websocket";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { MAX_REST_BODY_BYTES } from "../protocol/limits.js";
import { API_PREFIX } from "../protocol/rest.js";
import { AgentHub } from "./agents/AgentHub.js";
import { AppAccess } from "./apps/AppAccess.js";
import { AppGrants } from "./apps/AppGrants.js";
import { AppHosts } from "./apps/appHosts.js";
import { SessionStore } from "./auth/sessions.js";
import { UserStore } from "./auth/users.js";
import { BenchRelay } from "./bench/BenchRelay.js";
import type { ServerConfig } from "./config.js";
import type { AppContext } from "./context.js";
import { type Db, openDatabase } from "./db/database.js";
import { ApiError, installErrorHandlers } from "./http/errors.js";
import { Guards, requireJsonForMutations } from "./http/guards.js";
import { IceServerIssuer } from "./ice/IceServerIssuer.js";
import { createLogger } from "./logger.js";
import { LocalProvider } from "./providers/LocalProvider.js";
import { ProviderHealthChecker } from "./providers/ProviderHealthChecker.js";
import { ProviderRegistry } from "./providers/ProviderRegistry.js";
import { ProviderService } from "./providers/ProviderService.js";
import { LOCAL_PROVIDER_ID, ProviderStore } from "./providers/ProviderStore.js";
import { DEFAULT_PROVIDER_TIMINGS } from "./providers/timings.js";
import { agentSocketRoutes } from "./routes/agentSocket.js";
import { appOriginRoutes } from "./routes/appOrigin.js";
import { appRoutes } from "./routes/apps.js";
import { authRoutes } from "./routes/auth.js";
import { benchRelaySocketRoutes } from "./routes/benchRelaySocket.js";
import { debugRoutes } from "./routes/debug.js";
import { healthRoutes } from "./routes/health.js";
import { providerRoutes } from "./routes/providers.js";
import { setupRoutes } from "./routes/setup.js";
import { signalSocketRoutes } from "./routes/signalSocket.js";
import { userRoutes } from "./routes/users.js";
import { workspaceRoutes } from "./routes/workspaces.js";
import { SecretBox } from "./secrets/SecretBox.js";
import { loadKeyFile, loadSecretKey } from "./secrets/secretKey.js";
import { SignalingBroker } from "./signaling/SignalingBroker.js";
import { WS_MAX_PAYLOAD_BYTES } from "./sockets/messages.js";
import { SocketMeter } from "./sockets/SocketMeter.js";
import { registerSpa } from "./spa.js";
import { providerView, WorkspaceLifecycle } from "./workspaces/WorkspaceLifecycle.js";
import { WorkspaceService } from "./workspaces/WorkspaceService.js";
import { WorkspaceStore } from "./workspaces/WorkspaceStore.js";

/** File in the data dir holding the key app tickets and app sessions are signed with (mode 0600). */
export const APP_KEY_FILE = "app.key";

export interface CloseOptions {
  /** Stop every local agent too (default: config.stopWorkspacesOnExit). */
  stopWorkspaces?: boolean;
}

export interface RunningServer {
  /** Where users open the dashboard: the access URL, or http://localhost:<port>. */
  url: string;
  /** The agent sockets (tests read what agents reported through it). */
  hub: AgentHub;
  close(options?: CloseOptions): Promise<void>;
}

/** Where the server listens, filled in once it does. */
interface Address {
  port: number;
  /** Loopback URL agents on this machine dial. */
  internalUrl: string;
}

/** Starts the gateway: opens and migrates the database, listens, reconciles workspaces. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const log = createLogger(config);
  const db = await openDatabase(config.dataDir);
  const secretKey = loadSecretKey(config.secretKey, config.dataDir, log);
  const address: Address = { port: 0, internalUrl: "" };
  const allowedOrigins = () => dashboardOrigins(config, address.port);
  const dashboardUrl = () => config.accessUrl ?? `http://localhost:${address.port}`;
  const clock = config.clock ?? Date.now;

  const store = new WorkspaceStore(db);
  const meter = new SocketMeter();
  const hub = new AgentHub(store, meter, log.child({ component: "agents" }));
  const ice = new IceServerIssuer({
    stunUrls: config.stunUrls ?? [],
    turnUrls: config.turn?.urls ?? [],
    turnSecret: config.turn?.secret ?? null,
    extraServers: config.iceServers,
  });
  const broker = new SignalingBroker(hub, meter, ice, log.child({ component: "signaling" }));
  const relay = config.benchRelay ? new BenchRelay(hub, meter, log.child({ component: "bench-relay" })) : null;
  hub.route({
    message: (workspaceId, message) =>
      message.type === "relay-close"
        ? relay?.closedByAgent(workspaceId, message.streamId)
        : broker.fromAgent(workspaceId, message),
    binary: (workspaceId, frame) => relay?.frame(workspaceId, frame) ?? false,
    agentGone: (workspaceId) => {
      broker.agentGone(workspaceId);
      relay?.agentGone(workspaceId);
    },
  });

  let lifecycle: WorkspaceLifecycle | null = null;
  const local = new LocalProvider({
    dataDir: config.dataDir,
    agentEntry: config.agentEntry,
    launcher: config.localAgentLauncher ?? [],
    gatewayUrl: () => address.internalUrl,
    onExit: (workspaceId, reason) => lifecycle?.computeExited(workspaceId, reason),
    log: log.child({ component: "local-provider" }),
  });
  const timings = { ...DEFAULT_PROVIDER_TIMINGS, ...config.providerTimings };
  const providerStore = new ProviderStore(db);
  const registry = new ProviderRegistry(LOCAL_PROVIDER_ID, local, new SecretBox(secretKey), {
    // Agents in clusters and on Docker hosts dial the gateway's public address.
    gatewayUrl: dashboardUrl,
    activeWorkspaces: async (providerId) => (await store.listActiveOn(providerId)).map(providerView),
    onExit: (workspaceId, reason) => lifecycle?.computeExited(workspaceId, reason),
    timings,
    log: log.child({ component: "providers" }),
  });
  registry.load(await providerStore.list());
  lifecycle = new WorkspaceLifecycle(store, (id) => registry.get(id), hub, log);
  const checker = new ProviderHealthChecker(
    providerStore,
    registry,
    timings.checkIntervalMs,
    log.child({ component: "provider-health" }),
  );

  const users = new UserStore(db);
  const sessions = new SessionStore(db, isHttps(config.accessUrl));
  const ctx: AppContext = {
    config,
    guards: new Guards(users, sessions, allowedOrigins),
    users,
    sessions,
    providers: new ProviderService(providerStore, registry, checker),
    workspaces: new WorkspaceService(store, providerStore, lifecycle, hub),
    hub,
    broker,
    relay,
    meter,
    allowedOrigins,
    dashboardUrl,
    appHosts: new AppHosts(dashboardUrl, config.appsDomain ?? null),
    appAccess: new AppAccess(
      loadKeyFile(path.join(config.dataDir, APP_KEY_FILE), "the key signing app access", log),
      clock,
    ),
    appGrants: new AppGrants(clock),
  };

  const app = await buildApp(ctx, log);
  try {
    await app.listen({ port: config.port, host: config.listenAddress });
  } catch (error) {
    await registry.dispose();
    await db.destroy();
    throw error;
  }
  address.port = (app.server.address() as AddressInfo).port;
  address.internalUrl = `http://${loopbackHost(config.listenAddress)}:${address.port}`;
  await lifecycle.reconcile();
  checker.start();

  const url = dashboardUrl();
  log.info({ url, internalUrl: address.internalUrl, dataDir: config.dataDir }, "gateway listening");
  const workspaces = lifecycle;
  return {
    url,
    hub,
    close: (options = {}) =>
      shutdown(
        { app, db, hub, broker, relay, registry, checker, workspaces },
        options.stopWorkspaces ?? config.stopWorkspacesOnExit,
      ),
  };
}

async function buildApp(ctx: AppContext, log: Logger): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: MAX_REST_BODY_BYTES,
    return503OnClosing: true,
  });
  app.decorateRequest("user", null);
  app.decorateRequest("targetWorkspaceId", null);
  installErrorHandlers(app);
  acceptEmptyJsonBodies(app);
  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: WS_MAX_PAYLOAD_BYTES } });

  // First, so that nothing of the dashboard answers on an app origin.
  await appOriginRoutes(app, ctx);
  healthRoutes(app);
  await app.register(
    async (api) => {
      api.addHook("onRequest", ctx.guards.dashboardOrigin);
      api.addHook("onRequest", requireJsonForMutations);
      setupRoutes(api, ctx);
      authRoutes(api, ctx);
      userRoutes(api, ctx);
      providerRoutes(api, ctx);
      workspaceRoutes(api, ctx);
      appRoutes(api, ctx);
      debugRoutes(api, ctx);
      agentSocketRoutes(api, ctx);
      signalSocketRoutes(api, ctx);
      if (ctx.relay) benchRelaySocketRoutes(api, ctx, ctx.relay);
    },
    { prefix: API_PREFIX },
  );
  await registerSpa(app, ctx.config.spaDir);
  return app;
}

/** Bodiless POSTs (start, stop, logout) still carry Content-Type: application/json for CSRF. */
function acceptEmptyJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new ApiError(400, "INVALID_REQUEST", "body: not valid JSON"), undefined);
    }
  });
}

interface Owned {
  app: FastifyInstance;
  db: Db;
  hub: AgentHub;
  broker: SignalingBroker;
  relay: BenchRelay | null;
  registry: ProviderRegistry;
  checker: ProviderHealthChecker;
  workspaces: WorkspaceLifecycle;
}

/**
 * Releases everything in dependency order: workspace operations, then provider checks and
 * instances (their timers and requests), then sockets and the database. Workspaces keep
 * running unless asked to stop.
 */
async function shutdown(owned: Owned, stopWorkspaces: boolean): Promise<void> {
  if (stopWorkspaces) await owned.workspaces.stopAll();
  await owned.workspaces.drain();
  // Stop new checks, abort the requests of those in flight (provider disposal), then wait for them.
  const checks = owned.checker.dispose();
  await owned.registry.dispose();
  await checks;
  owned.broker.close();
  owned.relay?.close();
  await owned.hub.close();
  await owned.app.close();
  await owned.db.destroy();
}

function dashboardOrigins(config: ServerConfig, port: number): string[] {
  if (config.accessUrl) return [new URL(config.accessUrl).origin];
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

function isHttps(url: string | null): boolean {
  return url?.startsWith("https:") ?? false;
}

/** A host agents on this machine can reach whatever address the server binds. */
function loopbackHost(listenAddress: string): string {
  if (["0.0.0.0", "127.0.0.1", "localhost"].includes(listenAddress)) return "127.0.0.1";
  if (listenAddress === "::" || listenAddress === "::1") return "[::1]";
  return listenAddress.includes(":") ? `[${listenAddress}]` : listenAddress;
}
