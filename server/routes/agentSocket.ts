import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppContext } from "../context.js";
import { ApiError } from "../http/errors.js";
import { upgradeOnly } from "../http/upgradeOnly.js";

/**
 * WS /agent/connect: the socket each workspace agent dials out to. The bearer token is
 * checked before the upgrade, so a wrong one gets a plain 401 INVALID_AGENT_TOKEN.
 */
export function agentSocketRoutes(api: FastifyInstance, ctx: AppContext): void {
  const authenticate = async (request: FastifyRequest) => {
    request.targetWorkspaceId = await ctx.hub.authenticate(request.headers.authorization);
    if (!request.targetWorkspaceId) {
      throw new ApiError(401, "INVALID_AGENT_TOKEN", "The agent token is unknown or was revoked.");
    }
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
