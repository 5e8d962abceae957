import type { FastifyInstance } from "fastify";
import {
  APP_ORIGIN_PREFIX,
  AppSlug,
  type AppTicket,
  AppTicketRequest,
  type WorkspaceAppList,
} from "../../protocol/rest.js";
import { APP_TICKET_LIFETIME_MS, appRedirectPath } from "../apps/AppAccess.js";
import { workspaceAppList } from "../apps/workspaceApps.js";
import type { AppContext } from "../context.js";
import { ApiError, parseWith } from "../http/errors.js";
import { currentUser } from "../http/guards.js";

type ById = { Params: { id: string } };
type ByApp = { Params: { id: string; slug: string } };

/**
 * A workspace's apps and the tickets that open them on their own origins
 * (docs/adr/0007-app-origins.md). As everywhere, another user's workspace is NOT_FOUND.
 */
export function appRoutes(api: FastifyInstance, ctx: AppContext): void {
  const signedIn = { preHandler: ctx.guards.signedIn };

  api.get<ById>("/workspaces/:id/apps", signedIn, async (request): Promise<WorkspaceAppList> => {
    const workspace = await ctx.workspaces.find(currentUser(request), request.params.id);
    return workspaceAppList(ctx.hub, ctx.appHosts, workspace);
  });

  api.post<ByApp>("/workspaces/:id/apps/:slug/ticket", signedIn, async (request): Promise<AppTicket> => {
    const user = currentUser(request);
    const workspace = await ctx.workspaces.find(user, request.params.id);
    const slug = parseWith(AppSlug, request.params.slug, "slug");
    const path = appRedirectPath(parseWith(AppTicketRequest, request.body ?? {}).path ?? "/");
    if (path === null) throw new ApiError(400, "INVALID_REQUEST", 'path: must not start with "//" or hold "\\"');
    if (workspace.status !== "running") {
      throw new ApiError(409, "INVALID_STATE", `The workspace is ${workspace.status}; start it to open its apps.`);
    }
    const sessionId = ctx.sessions.sessionIdOf(request);
    if (!sessionId) throw new Error("a signed-in request without a session cookie");
    const address = { slug, workspaceName: workspace.name, username: workspace.owner_name };
    const origin = ctx.appHosts.origin(address);
    const ticket = ctx.appAccess.issueTicket({
      userId: user.id,
      workspaceId: workspace.id,
      slug,
      sessionId,
      hostname: ctx.appHosts.hostname(address),
    });
    request.log.info({ workspaceId: workspace.id, slug }, "app ticket issued");
    const query = new URLSearchParams({ ticket, path });
    return { url: `${origin}${APP_ORIGIN_PREFIX}auth?${query}`, origin, expiresInMs: APP_TICKET_LIFETIME_MS };
  });
}
