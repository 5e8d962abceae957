import type { FastifyReply } from "fastify";
import { sendError } from "./errors.js";

/** The plain-HTTP answer of a WebSocket-only route (426 Upgrade Required). */
export function upgradeOnly(_request: unknown, reply: FastifyReply): FastifyReply {
  return sendError(reply, 426, "INVALID_REQUEST", "This route only accepts WebSocket connections.").header(
    "upgrade",
    "websocket",
  );
}
