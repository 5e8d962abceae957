import type { FastifyInstance } from "fastify";
import { LoginRequest, type SessionResponse } from "../../protocol/rest.js";
import { toApiUser } from "../auth/users.js";
import type { AppContext } from "../context.js";
import { ApiError, parseWith } from "../http/errors.js";
import { currentUser } from "../http/guards.js";

export function authRoutes(api: FastifyInstance, ctx: AppContext): void {
  api.post("/auth/login", { preHandler: ctx.guards.setupDone }, async (request, reply): Promise<SessionResponse> => {
    const body = parseWith(LoginRequest, request.body);
    const user = await ctx.users.authenticate(body.username, body.password);
    if (!user) {
      // One answer for both cases: which part was wrong would tell an attacker which names exist.
      throw new ApiError(401, "INVALID_CREDENTIALS", "Wrong username or password.");
    }
    await ctx.sessions.start(reply, user.id);
    request.log.info({ userId: user.id }, "signed in");
    return { user: toApiUser(user) };
  });

  api.post("/auth/logout", { preHandler: ctx.guards.setupDone }, async (request, reply) => {
    await ctx.sessions.end(request, reply);
    return reply.code(204).send();
  });

  api.get(
    "/auth/me",
    { preHandler: ctx.guards.signedIn },
    async (request): Promise<SessionResponse> => ({
      user: toApiUser(currentUser(request)),
    }),
  );
}
