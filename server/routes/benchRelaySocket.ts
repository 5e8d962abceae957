import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { MAX_PTY_COLS, MAX_PTY_ROWS, MIN_PTY_COLS, MIN_PTY_ROWS } from "../../protocol/limits.js";
import type { BenchRelay } from "../bench/BenchRelay.js";
import type { AppContext } from "../context.js";
import { ApiError, parseWith } from "../http/errors.js";
import { currentUser } from "../http/guards.js";
import { upgradeOnly } from "../http/upgradeOnly.js";

const RelayQuery = z.object({
  session: z.string().uuid(),
  cols: z.coerce.number().int().min(MIN_PTY_COLS).max(MAX_PTY_COLS),
  rows: z.coerce.number().int().min(MIN_PTY_ROWS).max(MAX_PTY_ROWS),
});

type RelayRequest = { Params: { id: string }; Querystring: unknown };

/**
 * WS /workspaces/:id/bench-relay (only with GANGWAY_BENCH_RELAY=1): the reverse-proxy
 * reference for benchmarks. Same Origin, session and ownership checks as signaling; an
 * invalid query is 400 and a disconnected agent 409 AGENT_UNAVAILABLE, both before the upgrade.
 */
export function benchRelaySocketRoutes(api: FastifyInstance, ctx: AppContext, relay: BenchRelay): void {
  const authorize = async (request: FastifyRequest<RelayRequest>) => {
    const workspace = await ctx.workspaces.find(currentUser(request), request.params.id);
    parseWith(RelayQuery, request.query, "query");
    if (!ctx.hub.isConnected(workspace.id)) {
      throw new ApiError(409, "AGENT_UNAVAILABLE", "The workspace agent is not connected.");
    }
    request.targetWorkspaceId = workspace.id;
  };

  api.route<RelayRequest>({
    method: "GET",
    url: "/workspaces/:id/bench-relay",
    preValidation: [ctx.guards.browserOrigin, ctx.guards.signedIn, authorize],
    handler: upgradeOnly,
    wsHandler: (socket, request) => {
      if (!request.targetWorkspaceId) return;
      relay.accept(socket, request.raw.socket, request.targetWorkspaceId, RelayQuery.parse(request.query));
    },
  });
}
