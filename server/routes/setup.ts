import type { FastifyInstance } from "fastify";
import { type SessionResponse, SetupRequest, type SetupStatus } from "../../protocol/rest.js";
import { toApiUser } from "../auth/users.js";
import type { AppContext } from "../context.js";
import { parseWith } from "../http/errors.js";

/** First run: creating the first admin, who is signed in right away. */
export function setupRoutes(api: FastifyInstance, ctx: AppContext): void {
  api.get("/setup", async (): Promise<SetupStatus> => ({ needsSetup: await ctx.users.needsSetup() }));

  api.post("/setup", async (request, reply): Promise<SessionResponse> => {
    const body = parseWith(SetupRequest, request.body);
    const user = await ctx.users.createFirstAdmin(body.username, body.password);
    request.log.info({ userId: user.id, username: user.username }, "first admin created");
    await ctx.sessions.start(reply, user.id);
    reply.code(201);
    return { user: toApiUser(user) };
  });
}
