import { randomUUID } from "node:crypto";
import {
  type CreateProviderRequest,
  type DockerSettingsInput,
  type DockerSettingsUpdate,
  type KubernetesSettingsInput,
  type ProviderDetails,
  type ProviderDetailsList,
  type ProviderList,
  type ProviderTestResult,
  ProviderTurnUrls,
  type UpdateProviderRequest,
} from "../../protocol/rest.js";
import type { ProviderRow, UserRow } from "../db/schema.js";
import { ApiError, notFound } from "../http/errors.js";
import type { ProviderHealthChecker } from "./ProviderHealthChecker.js";
import type { ProviderRegistry } from "./ProviderRegistry.js";
import {
  acceptsWorkspaces,
  LOCAL_PROVIDER_ID,
  type ProviderStore,
  type ProviderWithCount,
  type ResidentWorkspace,
  toApiProvider,
} from "./ProviderStore.js";
import {
  type DockerSecrets,
  type RemoteProviderConfig,
  type StoredDockerSettings,
  type StoredKubernetesSettings,
  settingsView,
  validateDockerCredentials,
  validateKubernetesCertificates,
} from "./providerSettings.js";
import type { WorkspaceProvider } from "./WorkspaceProvider.js";

/**
 * Providers as the API shows and changes them. Validation (schemas, then certificates and
 * keys) happens before anything is written, and a new implementation is built before its row
 * is saved, so a refused request leaves nothing behind.
 */
export class ProviderService {
  constructor(
    private readonly store: ProviderStore,
    private readonly registry: ProviderRegistry,
    private readonly checker: ProviderHealthChecker,
  ) {}

  /** Admins get every provider in full; members only those they can place workspaces on. */
  async list(user: UserRow): Promise<ProviderList | ProviderDetailsList> {
    const rows = await this.store.list();
    if (user.role === "admin") return { providers: rows.map((row) => this.#details(row)) };
    return { providers: rows.filter(acceptsWorkspaces).map(toApiProvider) };
  }

  async get(id: string): Promise<ProviderDetails> {
    const row = await this.store.getWithCount(id);
    if (!row) throw notFound();
    return this.#details(row);
  }

  async create(request: CreateProviderRequest): Promise<ProviderDetails> {
    const id = randomUUID();
    const config = request.kind === "kubernetes" ? kubernetesConfig(request.settings) : dockerConfig(request.settings);
    const instance = this.registry.build(id, config);
    const inserted = await this.store.insert({
      id,
      name: request.name,
      kind: request.kind,
      region: request.region,
      status: "pending",
      status_message: null,
      cordoned: 0,
      cordon_reason: null,
      settings: JSON.stringify(config.settings),
      secrets: this.registry.seal(id, config.secrets),
      turn_urls: storedTurnUrls(request.turnUrls),
      last_checked_at: null,
      created_at: new Date().toISOString(),
    });
    if (!inserted) {
      await instance.dispose();
      throw nameTaken(request.name);
    }
    await this.registry.install(id, instance);
    this.checker.checkSoon(id);
    return this.get(id);
  }

  async update(id: string, request: UpdateProviderRequest): Promise<ProviderDetails> {
    const row = await this.store.get(id);
    if (!row) throw notFound();
    if (request.kind !== row.kind) {
      throw new ApiError(400, "INVALID_REQUEST", `kind: a provider's kind cannot change (this one is ${row.kind})`);
    }
    let instance: WorkspaceProvider | null = null;
    let changes: Partial<ProviderRow> = {};
    if (request.kind !== "local" && request.settings) {
      const config = await this.#updatedConfig(row, request);
      instance = this.registry.build(id, config);
      changes = {
        settings: JSON.stringify(config.settings),
        secrets: this.registry.seal(id, config.secrets),
        status: "pending",
        status_message: null,
        revision: row.revision + 1,
      };
    }
    const saved = await this.store.update(id, {
      ...changes,
      ...(request.name !== undefined ? { name: request.name } : {}),
      ...(request.region !== undefined ? { region: request.region } : {}),
      ...(request.turnUrls !== undefined ? { turn_urls: storedTurnUrls(request.turnUrls) } : {}),
    });
    if (!saved) {
      await instance?.dispose();
      throw nameTaken(request.name ?? row.name);
    }
    if (instance) {
      await this.registry.install(id, instance);
      this.checker.checkSoon(id);
    }
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    if (id === LOCAL_PROVIDER_ID) {
      throw new ApiError(409, "PROVIDER_BUILT_IN", "The built-in local provider cannot be deleted; cordon it instead.");
    }
    if (!(await this.store.get(id))) throw notFound();
    if (!(await this.store.deleteIfUnused(id))) throw inUse(await this.store.workspacesOn(id), "deleted");
    await this.registry.remove(id);
  }

  async cordon(id: string, reason: string): Promise<ProviderDetails> {
    if (!(await this.store.get(id))) throw notFound();
    await this.store.update(id, { cordoned: 1, cordon_reason: reason });
    return this.get(id);
  }

  async uncordon(id: string): Promise<ProviderDetails> {
    if (!(await this.store.get(id))) throw notFound();
    await this.store.update(id, { cordoned: 0, cordon_reason: null });
    return this.get(id);
  }

  /** TURN servers of the provider's region (empty when it names none, or does not exist). */
  async turnUrls(id: string): Promise<string[]> {
    const row = await this.store.get(id);
    return row ? parseTurnUrls(row.turn_urls) : [];
  }

  /** Runs the connection test now and records the provider's new status. */
  async test(id: string): Promise<ProviderTestResult> {
    const checks = await this.checker.check(id);
    if (!checks) throw notFound();
    return { ok: checks.every((check) => check.passed), checks, provider: await this.get(id) };
  }

  /**
   * The new settings over the stored ones: omitted secrets are kept. Where a provider's
   * workspaces live (cluster and namespace, Docker endpoint) cannot move under them.
   */
  async #updatedConfig(
    row: ProviderRow,
    request: Exclude<UpdateProviderRequest, { kind: "local" }>,
  ): Promise<RemoteProviderConfig> {
    const stored = this.registry.openSecrets(row) ?? {};
    const current = JSON.parse(row.settings) as Record<string, unknown>;
    let config: RemoteProviderConfig;
    let moved: boolean;
    if (request.kind === "kubernetes" && request.settings) {
      const token = request.settings.token ?? (typeof stored.token === "string" ? stored.token : undefined);
      if (!token) throw missingSecret("settings.token", row);
      const settings = { ...request.settings, token };
      config = kubernetesConfig(settings);
      moved = current.apiServer !== settings.apiServer || current.namespace !== settings.namespace;
    } else if (request.kind === "docker" && request.settings) {
      const settings = withKeptClientKey(request.settings, stored, row);
      config = dockerConfig(settings);
      moved = JSON.stringify(location(current.endpoint)) !== JSON.stringify(location(settings.endpoint));
    } else {
      throw new Error("unreachable: settings without a remote kind");
    }
    if (moved) {
      const residents = await this.store.workspacesOn(row.id);
      if (residents.length > 0) throw inUse(residents, "moved to another cluster, namespace or engine");
    }
    return config;
  }

  #details(row: ProviderWithCount): ProviderDetails {
    const secrets = this.registry.openSecrets(row);
    return {
      ...toApiProvider(row),
      lastCheckedAt: row.last_checked_at,
      cordonReason: row.cordon_reason,
      workspaceCount: row.workspace_count,
      createdAt: row.created_at,
      turnUrls: parseTurnUrls(row.turn_urls),
      settings: settingsView(row.kind, JSON.parse(row.settings), secrets, row.secrets !== null),
    } as ProviderDetails;
  }
}

function storedTurnUrls(urls: readonly string[] | undefined): string | null {
  return urls && urls.length > 0 ? JSON.stringify(urls) : null;
}

function parseTurnUrls(stored: string | null): string[] {
  return stored ? ProviderTurnUrls.parse(JSON.parse(stored)) : [];
}

function kubernetesConfig(input: KubernetesSettingsInput): RemoteProviderConfig {
  const { token, ...settings } = input;
  const stored: StoredKubernetesSettings = settings;
  validateKubernetesCertificates(stored);
  return { kind: "kubernetes", settings: stored, secrets: { token } };
}

function dockerConfig(input: DockerSettingsInput): RemoteProviderConfig {
  const secrets: DockerSecrets = {};
  let endpoint: StoredDockerSettings["endpoint"];
  if (input.endpoint.type === "tcp") {
    const { clientKey, ...rest } = input.endpoint;
    secrets.clientKey = clientKey;
    endpoint = rest;
  } else {
    endpoint = input.endpoint;
  }
  const settings: StoredDockerSettings = { ...input, endpoint };
  validateDockerCredentials(settings, secrets);
  return { kind: "docker", settings, secrets };
}

function withKeptClientKey(
  update: DockerSettingsUpdate,
  stored: Record<string, unknown>,
  row: ProviderRow,
): DockerSettingsInput {
  if (update.endpoint.type === "socket") return { ...update, endpoint: update.endpoint };
  const clientKey = update.endpoint.clientKey ?? (typeof stored.clientKey === "string" ? stored.clientKey : undefined);
  if (!clientKey) throw missingSecret("settings.endpoint.clientKey", row);
  return { ...update, endpoint: { ...update.endpoint, clientKey } };
}

/** The part of a Docker endpoint that says which engine it is. */
function location(endpoint: unknown): unknown {
  const value = endpoint as { type?: string; socketPath?: string; host?: string; port?: number } | undefined;
  return value?.type === "socket" ? [value.socketPath] : [value?.host, value?.port];
}

function missingSecret(field: string, row: ProviderRow): ApiError {
  const why = row.secrets ? "the stored one does not decrypt with this gateway's key" : "none is stored";
  return new ApiError(400, "INVALID_REQUEST", `${field}: is required (${why})`);
}

function nameTaken(name: string): ApiError {
  return new ApiError(409, "CONFLICT", `A provider named "${name}" already exists.`);
}

function inUse(workspaces: ResidentWorkspace[], verb: string): ApiError {
  const names = workspaces.map((workspace) => `${workspace.ownerName}/${workspace.name}`);
  return new ApiError(
    409,
    "PROVIDER_IN_USE",
    `The provider still has ${workspaces.length} workspace(s), so it cannot be ${verb}: ${names.join(", ")}. Delete them first.`,
    { workspaces },
  );
}
