import type { FastifyInstance } from "fastify";
import {
  CordonProviderRequest,
  CreateProviderRequest,
  type ProviderDetails,
  type ProviderDetailsList,
  type ProviderList,
  type ProviderTestResult,
  UpdateProviderRequest,
} from "../../protocol/rest.js";
import type { AppContext } from "../context.js";
import { parseWith } from "../http/errors.js";
import { currentUser } from "../http/guards.js";

type ById = { Params: { id: string } };

/**
 * Providers. Everyone signed in may list them (members see only those they can place
 * workspaces on); everything else is for admins. Secrets are never logged: log lines carry ids.
 */
export function providerRoutes(api: FastifyInstance, ctx: AppContext): void {
  const admin = { preHandler: ctx.guards.admin };
  const { providers } = ctx;

  api.get(
    "/providers",
    { preHandler: ctx.guards.signedIn },
    async (request): Promise<ProviderList | ProviderDetailsList> => providers.list(currentUser(request)),
  );

  api.post("/providers", admin, async (request, reply): Promise<ProviderDetails> => {
    const created = await providers.create(parseWith(CreateProviderRequest, request.body));
    request.log.info({ providerId: created.id, kind: created.kind }, "provider created");
    reply.code(201);
    return created;
  });

  api.get<ById>("/providers/:id", admin, async (request): Promise<ProviderDetails> => providers.get(request.params.id));

  api.patch<ById>("/providers/:id", admin, async (request): Promise<ProviderDetails> => {
    const updated = await providers.update(request.params.id, parseWith(UpdateProviderRequest, request.body));
    request.log.info({ providerId: updated.id }, "provider updated");
    return updated;
  });

  api.delete<ById>("/providers/:id", admin, async (request, reply) => {
    await providers.delete(request.params.id);
    request.log.info({ providerId: request.params.id }, "provider deleted");
    return reply.code(204).send();
  });

  api.post<ById>(
    "/providers/:id/test",
    admin,
    async (request): Promise<ProviderTestResult> => providers.test(request.params.id),
  );

  api.post<ById>("/providers/:id/cordon", admin, async (request): Promise<ProviderDetails> => {
    const { reason } = parseWith(CordonProviderRequest, request.body);
    const cordoned = await providers.cordon(request.params.id, reason);
    request.log.info({ providerId: cordoned.id }, "provider cordoned");
    return cordoned;
  });

  api.post<ById>("/providers/:id/uncordon", admin, async (request): Promise<ProviderDetails> => {
    const uncordoned = await providers.uncordon(request.params.id);
    request.log.info({ providerId: uncordoned.id }, "provider uncordoned");
    return uncordoned;
  });
}
