import type { WebSocket } from "@fastify/websocket";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { type ServerSignal, SignalCloseCode } from "../../protocol/signaling.js";
import type { AppContext } from "../context.js";
import { ApiError } from "../http/errors.js";
import { currentUser } from "../http/guards.js";
import { upgradeOnly } from "../http/upgradeOnly.js";

type ById = { Params: { id: string } };

declare module "fastify" {
  interface FastifyRequest {
    /** Why a signaling socket is refused; told over the socket once it is open. */
    signalRefusal: ApiError | null;
    /** TURN servers of the target workspace's provider region. */
    signalTurnUrls: readonly string[] | null;
  }
}

/**
 * WS /workspaces/:id/signal: browser signaling.
 *
 * A foreign Origin is refused before the upgrade (plain HTTP 403 FORBIDDEN): another site's
 * page must not get a socket at all. Every other refusal (no session, a workspace that is
 * not the user's) completes the upgrade, sends a typed `error` and closes with 4401 or 4403:
 * a browser cannot read the HTTP status of a refused handshake (it only sees close code
 * 1006), so a refusal before the upgrade would look like a network failure and be retried
 * for ever instead of being shown.
 */
export function signalSocketRoutes(api: FastifyInstance, ctx: AppContext): void {
  api.decorateRequest("signalRefusal", null);
  api.decorateRequest("signalTurnUrls", null);

  const authorize = async (request: FastifyRequest<ById>) => {
    try {
      await ctx.guards.signedIn(request);
      const workspace = await ctx.workspaces.find(currentUser(request), request.params.id);
      request.targetWorkspaceId = workspace.id;
      request.signalTurnUrls = await ctx.providers.turnUrls(workspace.provider_id);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      request.signalRefusal = error;
    }
  };

  api.route<ById>({
    method: "GET",
    url: "/workspaces/:id/signal",
    preValidation: [ctx.guards.browserOrigin, authorize],
    handler: upgradeOnly,
    wsHandler: (socket, request) => {
      if (request.signalRefusal) refuseSignal(socket, request.signalRefusal);
      else if (request.targetWorkspaceId) {
        const user = currentUser(request);
        ctx.broker.accept(socket, request.raw.socket, {
          workspaceId: request.targetWorkspaceId,
          userId: user.id,
          username: user.username,
          providerTurnUrls: request.signalTurnUrls ?? [],
        });
      }
    },
  });
}

/** Tells a signaling socket why it is refused (typed `error`), then closes it with 4401, 4403 or 4000. */
export function refuseSignal(socket: WebSocket, error: ApiError): void {
  const message: ServerSignal = { type: "error", code: error.code, message: error.message };
  socket.send(JSON.stringify(message));
  const closeCode =
    error.code === "UNAUTHENTICATED"
      ? SignalCloseCode.UNAUTHENTICATED
      : error.status === 403 || error.status === 404
        ? SignalCloseCode.FORBIDDEN
        : SignalCloseCode.ERROR;
  socket.close(closeCode, error.code);
}
