import type { FastifyInstance, FastifyRequest } from "fastify";
import { bearerToken } from "../auth/tokens.js";
import type { AppContext } from "../context.js";
import { ApiError } from "../http/errors.js";
import { upgradeOnly } from "../http/upgradeOnly.js";

/**
 * WS /agent/connect: the socket each workspace agent dials out to. The bearer token is
 * checked before the upgrade, so a wrong one gets a plain 401 INVALID_AGENT_TOKEN. A good one
 * also gives the key the workspace's app grants are signed with (apps/AppGrants.ts).
 */
export function agentSocketRoutes(api: FastifyInstance, ctx: AppContext): void {
  const authenticate = async (request: FastifyRequest) => {
    request.targetWorkspaceId = await ctx.hub.authenticate(request.headers.authorization);
    const token = bearerToken(request.headers.authorization);
    if (!request.targetWorkspaceId || !token) {
      throw new ApiError(401, "INVALID_AGENT_TOKEN", "The agent token is unknown or was revoked.");
    }
    ctx.appGrants.agentAuthenticated(request.targetWorkspaceId, token);
  };

  api.route({
    method: "GET",
    url: "/agent/connect",
    preValidation: authenticate,
    handler: upgradeOnly,
    wsHandler: (socket, request) => {
      if (!request.targetWorkspaceId) return;
      ctx.hub.accept(request.targetWorkspaceId, request.headers.authorization, socket, request.raw.socket);
    },
  });
}
