import type { FastifyInstance } from "fastify";
import { CreateWorkspaceRequest, type Workspace, type WorkspaceList } from "../../protocol/rest.js";
import type { AppContext } from "../context.js";
import { parseWith } from "../http/errors.js";
import { currentUser } from "../http/guards.js";

type ById = { Params: { id: string } };

/** The caller's own workspaces; another user's are NOT_FOUND on every route. */
export function workspaceRoutes(api: FastifyInstance, ctx: AppContext): void {
  const signedIn = { preHandler: ctx.guards.signedIn };
  const { workspaces } = ctx;

  api.get(
    "/workspaces",
    signedIn,
    async (request): Promise<WorkspaceList> => ({
      workspaces: await workspaces.list(currentUser(request)),
    }),
  );

  api.post("/workspaces", signedIn, async (request, reply): Promise<Workspace> => {
    const body = parseWith(CreateWorkspaceRequest, request.body);
    const workspace = await workspaces.create(currentUser(request), body);
    request.log.info({ workspaceId: workspace.id, name: workspace.name }, "workspace created");
    reply.code(201);
    return workspace;
  });

  api.get<ById>("/workspaces/:id", signedIn, async (request) =>
    workspaces.get(currentUser(request), request.params.id),
  );

  api.delete<ById>("/workspaces/:id", signedIn, async (request, reply) => {
    await workspaces.delete(currentUser(request), request.params.id);
    request.log.info({ workspaceId: request.params.id }, "workspace deleted");
    return reply.code(204).send();
  });

  api.post<ById>("/workspaces/:id/start", signedIn, async (request) =>
    workspaces.start(currentUser(request), request.params.id),
  );

  api.post<ById>("/workspaces/:id/stop", signedIn, async (request) =>
    workspaces.stop(currentUser(request), request.params.id),
  );
}
