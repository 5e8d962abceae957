import type { FastifyInstance } from "fastify";
import type { SocketBytes } from "../../protocol/rest.js";
import type { AppContext } from "../context.js";

/** GET /debug/socket-bytes (admins): what every gateway WebSocket carried; see SocketMeter. */
export function debugRoutes(api: FastifyInstance, ctx: AppContext): void {
  api.get(
    "/debug/socket-bytes",
    { preHandler: ctx.guards.admin },
    async (): Promise<SocketBytes> => ctx.meter.snapshot(),
  );
}
