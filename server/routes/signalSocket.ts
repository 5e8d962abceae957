import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppContext } from "../context.js";
import { currentUser } from "../http/guards.js";
import { upgradeOnly } from "../http/upgradeOnly.js";

type ById = { Params: { id: string } };

/**
 * WS /workspaces/:id/signal: browser signaling. Origin, session and ownership are checked
 * before the upgrade; a refusal is a plain HTTP ApiErrorBody (403 FORBIDDEN for a foreign
 * Origin, 401 UNAUTHENTICATED, 404 NOT_FOUND for a workspace that is not the user's).
 */
export function signalSocketRoutes(api: FastifyInstance, ctx: AppContext): void {
  const authorize = async (request: FastifyRequest<ById>) => {
    const workspace = await ctx.workspaces.find(currentUser(request), request.params.id);
    request.targetWorkspaceId = workspace.id;
  };

  api.route<ById>({
    method: "GET",
    url: "/workspaces/:id/signal",
    preValidation: [ctx.guards.browserOrigin, ctx.guards.signedIn, authorize],
    handler: upgradeOnly,
    wsHandler: (socket, request) => {
      if (!request.targetWorkspaceId) return;
      ctx.broker.accept(socket, request.raw.socket, request.targetWorkspaceId, currentUser(request).username);
    },
  });
}
