import type { FastifyInstance } from "fastify";
import { CreateUserRequest, type User, type UserList } from "../../protocol/rest.js";
import { toApiUser } from "../auth/users.js";
import type { AppContext } from "../context.js";
import { parseWith } from "../http/errors.js";

/** User management, admins only. */
export function userRoutes(api: FastifyInstance, ctx: AppContext): void {
  api.get("/users", { preHandler: ctx.guards.admin }, async (): Promise<UserList> => {
    const users = await ctx.users.list();
    return { users: users.map(toApiUser) };
  });

  api.post("/users", { preHandler: ctx.guards.admin }, async (request, reply): Promise<User> => {
    const body = parseWith(CreateUserRequest, request.body);
    const user = await ctx.users.create(body.username, body.password, body.role);
    request.log.info({ userId: user.id, role: user.role }, "user created");
    reply.code(201);
    return toApiUser(user);
  });
}
