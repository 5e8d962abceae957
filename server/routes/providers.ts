import type { FastifyInstance } from "fastify";
import type { ProviderList } from "../../protocol/rest.js";
import type { AppContext } from "../context.js";
import { currentUser } from "../http/guards.js";
import { acceptsWorkspaces, toApiProvider } from "../providers/ProviderStore.js";

/** GET /providers: admins see all; members only those they can place workspaces on. */
export function providerRoutes(api: FastifyInstance, ctx: AppContext): void {
  api.get("/providers", { preHandler: ctx.guards.signedIn }, async (request): Promise<ProviderList> => {
    const isAdmin = currentUser(request).role === "admin";
    const rows = await ctx.providers.list();
    return { providers: rows.filter((row) => isAdmin || acceptsWorkspaces(row)).map(toApiProvider) };
  });
}
