import type { FastifyInstance } from "fastify";
import type { Health } from "../../protocol/rest.js";
import { PROTOCOL_VERSION } from "../../protocol/version.js";
import { GATEWAY_VERSION } from "../version.js";

/** GET /healthz: liveness for load balancers and tests; no auth, outside the API prefix. */
export function healthRoutes(app: FastifyInstance): void {
  app.get(
    "/healthz",
    async (): Promise<Health> => ({
      status: "ok",
      version: GATEWAY_VERSION,
      protocolVersion: PROTOCOL_VERSION,
    }),
  );
}
