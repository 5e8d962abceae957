import fs from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { APP_ORIGIN_PREFIX, APP_SESSION_COOKIE, type AppOriginInfo } from "../../protocol/rest.js";
import { type AppClaims, appRedirectPath } from "../apps/AppAccess.js";
import type { AppAddress } from "../apps/appHosts.js";
import { appTitle } from "../apps/workspaceApps.js";
import type { AppContext } from "../context.js";
import type { UserRow } from "../db/schema.js";
import { ApiError, sendError } from "../http/errors.js";
import { upgradeOnly } from "../http/upgradeOnly.js";
import type { SignalTarget } from "../signaling/SignalingBroker.js";
import { IMMUTABLE_ASSET } from "../spa.js";
import type { WorkspaceView } from "../workspaces/WorkspaceStore.js";
import { refuseSignal } from "./signalSocket.js";

/** The app a request to an app hostname is for. */
export interface AppHostRequest {
  hostname: string;
  address: AppAddress;
  /** The app's origin, e.g. http://code-server--dev--alice.apps.localhost:7080 */
  origin: string;
}

declare module "fastify" {
  interface FastifyRequest {
    /** Set for requests to an app hostname (docs/adr/0007-app-origins.md); null on the dashboard's. */
    appHost: AppHostRequest | null;
    /** The app signaling socket's target once authorized, or why it is refused. */
    appSignal: { target: SignalTarget } | { refusal: ApiError } | null;
  }
}

/** Where the browser engineer's build puts the app origins' pages: host.html, sw.js, ws-shim.js, assets/. */
const APP_PAGES_DIR = "apps";

const NO_SERVICE_WORKER =
  "Not found. This app's requests go through the service worker its Gangway page installs; " +
  "open the app from the Gangway dashboard.";

const HTML = "text/html; charset=utf-8";
const JAVASCRIPT = "text/javascript; charset=utf-8";
const TEXT = "text/plain; charset=utf-8";

/**
 * Everything on an app origin (`<slug>--<workspace>--<user>.<apps domain>`, ADR 0007): the
 * gateway answers `/__gangway/*` (ticket sign-in, origin info, signaling, the service worker,
 * the shim and the host page's assets) and top-level navigations (the host page); `/api/*`
 * is 404 there, and nothing else of the dashboard is ever served. On the dashboard's own
 * hostname `/__gangway/*` does not exist.
 */
export async function appOriginRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const pagesDir = path.join(ctx.config.spaDir, APP_PAGES_DIR);
  const secure = ctx.config.accessUrl?.startsWith("https:") ?? false;
  const session = new AppSessionChecks(ctx);
  app.decorateRequest("appHost", null);
  app.decorateRequest("appSignal", null);

  app.addHook("onRequest", async (request, reply) => {
    const host = ctx.appHosts.classify(request.hostname);
    const route = request.url.split("?")[0] ?? "/";
    const gateways = route.startsWith(APP_ORIGIN_PREFIX);
    if (host.kind === "dashboard") {
      return gateways ? sendError(reply, 404, "NOT_FOUND", `No route ${request.method} ${route}.`) : undefined;
    }
    if (!host.address) return reply.code(404).type(TEXT).send("There is no app at this address.");
    request.appHost = { hostname: host.hostname, address: host.address, origin: ctx.appHosts.origin(host.address) };
    if (gateways) return undefined;
    if (route === "/api" || route.startsWith("/api/")) {
      return sendError(reply, 404, "NOT_FOUND", `No route ${request.method} ${route}.`);
    }
    if (!isTopLevelNavigation(request)) return reply.code(404).type(TEXT).send(NO_SERVICE_WORKER);
    return sendFile(reply, pagesDir, "host.html", HTML, { "cache-control": "no-store" });
  });

  app.addHook("onSend", async (request, reply) => {
    if (!request.appHost) return;
    reply.header("content-security-policy", hostPagePolicy(request.appHost.origin));
  });

  await app.register(
    async (gateway) => {
      gateway.get<{ Querystring: { ticket?: unknown; path?: unknown } }>(
        "/auth",
        // No HEAD: a link checker's HEAD would use the ticket up. (logger.ts keeps tickets out of the logs.)
        { exposeHeadRoute: false },
        async (request, reply) => {
          const host = appHostOf(request);
          const redirectTo = appRedirectPath(request.query.path ?? "/");
          if (redirectTo === null) return reply.code(400).type(TEXT).send('The path must start with a single "/".');
          const ticket = request.query.ticket;
          const claims = typeof ticket === "string" ? ctx.appAccess.redeemTicket(ticket, host.hostname) : null;
          const access = claims && (await session.live(claims));
          if (!claims || !access || "refusal" in access) {
            return reply.code(401).type(HTML).send(openFromDashboardPage(ctx.dashboardUrl()));
          }
          const cookie = ctx.appAccess.sessionCookie(claims);
          reply.setCookie(APP_SESSION_COOKIE, cookie.value, {
            httpOnly: true,
            sameSite: "strict",
            path: APP_ORIGIN_PREFIX,
            secure,
            expires: cookie.expires,
          });
          request.log.info(
            { userId: claims.userId, workspaceId: claims.workspaceId, slug: claims.slug },
            "app session started",
          );
          return reply.header("cache-control", "no-store").redirect(redirectTo, 303);
        },
      );

      gateway.get("/info", async (request, reply): Promise<AppOriginInfo> => {
        const { workspace, claims } = await session.of(request);
        reply.header("cache-control", "no-store");
        return {
          workspaceId: workspace.id,
          workspaceName: workspace.name,
          slug: claims.slug,
          title: appTitle(ctx.hub, workspace.id, claims.slug),
          dashboardUrl: `${ctx.dashboardUrl()}/workspaces/${workspace.id}`,
        };
      });

      gateway.route({
        method: "GET",
        url: "/signal",
        preValidation: [
          async (request) => {
            if (request.headers.origin !== appHostOf(request).origin) {
              throw new ApiError(403, "FORBIDDEN", "This WebSocket must be opened from the app's own origin.");
            }
          },
          async (request) => {
            request.appSignal = await session.signalTarget(request);
          },
        ],
        handler: upgradeOnly,
        wsHandler: (socket, request) => {
          const signal = request.appSignal;
          if (!signal) return;
          if ("refusal" in signal) refuseSignal(socket, signal.refusal);
          else ctx.broker.accept(socket, request.raw.socket, signal.target);
        },
      });

      gateway.get("/sw.js", async (_request, reply) =>
        sendFile(reply, pagesDir, "sw.js", JAVASCRIPT, { "cache-control": "no-cache", "service-worker-allowed": "/" }),
      );
      gateway.get("/ws-shim.js", async (_request, reply) =>
        sendFile(reply, pagesDir, "ws-shim.js", JAVASCRIPT, { "cache-control": "no-cache" }),
      );

      const assets = path.join(pagesDir, "assets");
      if (fs.existsSync(assets)) {
        // Content-hashed names (vite.apps.config.ts): cached for good, like the dashboard's.
        await gateway.register(fastifyStatic, {
          root: assets,
          prefix: "/assets/",
          decorateReply: false,
          cacheControl: false,
          setHeaders: (reply) => reply.header("cache-control", IMMUTABLE_ASSET),
        });
      }
    },
    { prefix: APP_ORIGIN_PREFIX.slice(0, -1) },
  );
}

/** The app host of a request to a `/__gangway/` route (the onRequest hook let only those through). */
function appHostOf(request: FastifyRequest): AppHostRequest {
  if (!request.appHost) throw new Error("an app origin route reached from the dashboard's hostname");
  return request.appHost;
}

/** What a live app session is for. */
interface AppAccessGranted {
  user: UserRow;
  workspace: WorkspaceView;
  claims: AppClaims;
}

/**
 * The checks behind every use of a ticket or an app session, besides their signatures: the
 * dashboard session they came from still exists (a logout ends them), and its user still
 * reaches the workspace.
 */
class AppSessionChecks {
  constructor(private readonly ctx: AppContext) {}

  /** The access `claims` still give, or why none (UNAUTHENTICATED, NOT_FOUND). */
  async live(claims: AppClaims): Promise<AppAccessGranted | { refusal: ApiError }> {
    const user = await this.ctx.sessions.userOfSession(claims.sessionId);
    if (!user || user.id !== claims.userId) return { refusal: this.#signInAgain() };
    try {
      return { user, workspace: await this.ctx.workspaces.find(user, claims.workspaceId), claims };
    } catch (error) {
      if (error instanceof ApiError) return { refusal: error };
      throw error;
    }
  }

  /** The request's live app session (its cookie, for this hostname); throws the refusal otherwise. */
  async of(request: FastifyRequest): Promise<AppAccessGranted> {
    const claims = this.ctx.appAccess.readSession(request.cookies[APP_SESSION_COOKIE], appHostOf(request).hostname);
    if (!claims) throw this.#signInAgain();
    const access = await this.live(claims);
    if ("refusal" in access) throw access.refusal;
    return access;
  }

  /** Whom an app signaling socket connects, with the grant its offers carry; or why it is refused. */
  async signalTarget(request: FastifyRequest): Promise<{ target: SignalTarget } | { refusal: ApiError }> {
    let access: AppAccessGranted;
    try {
      access = await this.of(request);
    } catch (error) {
      if (error instanceof ApiError) return { refusal: error };
      throw error;
    }
    const { user, workspace, claims } = access;
    const { appGrants } = this.ctx;
    return {
      target: {
        workspaceId: workspace.id,
        userId: user.id,
        username: user.username,
        providerTurnUrls: await this.ctx.providers.turnUrls(workspace.provider_id),
        app: {
          slug: claims.slug,
          grant: (connectionId) => appGrants.issue(workspace.id, connectionId, claims.slug),
        },
      },
    };
  }

  #signInAgain(): ApiError {
    return new ApiError(
      401,
      "UNAUTHENTICATED",
      `Open this app from the Gangway dashboard (${this.ctx.dashboardUrl()}); its sign-in here has ended.`,
    );
  }
}

/**
 * A navigation of the whole tab, which gets the host page. The frames the host page shows the
 * app in are the service worker's; a frame's navigation reaching the gateway means there is
 * no service worker in charge, and a host page inside a host page would only nest.
 */
function isTopLevelNavigation(request: FastifyRequest): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const mode = request.headers["sec-fetch-mode"];
  if (mode === undefined) return (request.headers.accept ?? "").includes("text/html");
  const destination = request.headers["sec-fetch-dest"];
  return mode === "navigate" && (destination === undefined || destination === "document");
}

/** A file of the app pages' build with these headers; 404 when it was not built. */
async function sendFile(
  reply: FastifyReply,
  dir: string,
  name: string,
  type: string,
  headers: Record<string, string>,
): Promise<FastifyReply> {
  let body: Buffer;
  try {
    body = await fs.promises.readFile(path.join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return reply.code(404).type(TEXT).send(`${name} has not been built yet: run npm run build.`);
  }
  return reply.headers(headers).type(type).send(body);
}

/**
 * The host page loads its scripts and styles from its own origin, talks to it only (fetches
 * and the signaling WebSocket), shows the app in same-origin frames, runs the service worker
 * from it, and may be framed by its own origin only.
 */
function hostPagePolicy(origin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${origin.replace(/^http/, "ws")}`,
    "frame-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join("; ");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The 401 page of a link that is no good (expired, used, for another app, signed out). */
function openFromDashboardPage(dashboardUrl: string): string {
  const link = escapeHtml(dashboardUrl);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Open this app from the Gangway dashboard</title></head>
<body><h1>Open this app from the Gangway dashboard</h1>
<p>This link has expired, was already used, or you are no longer signed in. Links to apps work once, for a minute.</p>
<p><a href="${link}">Go to the Gangway dashboard</a> and open the app from its workspace.</p>
</body></html>`;
}
