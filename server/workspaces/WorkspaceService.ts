import { randomUUID } from "node:crypto";
import type { CreateWorkspaceRequest, Workspace } from "../../protocol/rest.js";
import type { AgentHub } from "../agents/AgentHub.js";
import type { ProviderRow, UserRow } from "../db/schema.js";
import { ApiError, notFound } from "../http/errors.js";
import { acceptsWorkspaces, type ProviderStore } from "../providers/ProviderStore.js";
import { toApiWorkspace } from "./toApiWorkspace.js";
import { WorkspaceLifecycle } from "./WorkspaceLifecycle.js";
import type { WorkspaceStore, WorkspaceView } from "./WorkspaceStore.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The provider a workspace lands on when the request names none. */
export const DEFAULT_PROVIDER_ID = "local";

/**
 * Workspaces as their owners see them. A user reaches only their own workspaces: anyone
 * else's, like an unknown or malformed id, is NOT_FOUND, so existence never leaks.
 */
export class WorkspaceService {
  constructor(
    private readonly store: WorkspaceStore,
    private readonly providers: ProviderStore,
    private readonly lifecycle: WorkspaceLifecycle,
    private readonly hub: AgentHub,
  ) {}

  async list(user: UserRow): Promise<Workspace[]> {
    const views = await this.store.listByOwner(user.id);
    return views.map((view) => this.#toApi(view));
  }

  /** The user's own workspace, or NOT_FOUND. */
  async find(user: UserRow, id: string): Promise<WorkspaceView> {
    const view = UUID.test(id) ? await this.store.get(id) : undefined;
    if (!view || view.owner_id !== user.id) throw notFound();
    return view;
  }

  async get(user: UserRow, id: string): Promise<Workspace> {
    return this.#toApi(await this.find(user, id));
  }

  async create(user: UserRow, request: CreateWorkspaceRequest): Promise<Workspace> {
    const providerId = request.providerId ?? DEFAULT_PROVIDER_ID;
    const provider = await this.providers.get(providerId);
    if (!provider) throw new ApiError(400, "INVALID_REQUEST", `providerId: no provider "${providerId}"`);
    if (!acceptsWorkspaces(provider)) throw unavailable(provider);
    const { token, tokenHash } = WorkspaceLifecycle.mintToken();
    const id = randomUUID();
    const inserted = await this.store.insert({
      id,
      name: request.name,
      owner_id: user.id,
      provider_id: provider.id,
      status: "starting",
      status_message: null,
      agent_token_hash: tokenHash,
      agent_connected: 0,
      agent_last_seen_at: null,
      agent_version: null,
      provider_state: null,
      created_at: new Date().toISOString(),
    });
    if (!inserted) throw new ApiError(409, "CONFLICT", `You already have a workspace named "${request.name}".`);
    await this.lifecycle.launchNew(id, token);
    return this.get(user, id);
  }

  /** Starts a stopped workspace; its provider must be ready (a cordon keeps only new workspaces away). */
  async start(user: UserRow, id: string): Promise<Workspace> {
    const view = await this.find(user, id);
    const provider = await this.providers.get(view.provider_id);
    if (provider && provider.status !== "ready") throw unavailable(provider);
    await this.lifecycle.start(view.id);
    return this.get(user, id);
  }

  async stop(user: UserRow, id: string): Promise<Workspace> {
    await this.lifecycle.stop((await this.find(user, id)).id);
    return this.get(user, id);
  }

  async delete(user: UserRow, id: string): Promise<void> {
    await this.lifecycle.delete((await this.find(user, id)).id);
  }

  #toApi(view: WorkspaceView): Workspace {
    return toApiWorkspace(view, this.hub.live(view.id));
  }
}

/** PROVIDER_UNAVAILABLE with the reason: cordoned (and why), still being checked, or failing. */
function unavailable(provider: ProviderRow): ApiError {
  const name = `The provider "${provider.name}"`;
  let why: string;
  if (provider.status === "error") why = `${name} is failing: ${provider.status_message ?? "unknown error"}`;
  else if (provider.status === "pending") why = `${name} is still being checked; try again in a moment.`;
  else why = `${name} is cordoned: ${provider.cordon_reason ?? "no new workspaces for now"}`;
  return new ApiError(409, "PROVIDER_UNAVAILABLE", why);
}
