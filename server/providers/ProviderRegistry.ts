import type { Logger } from "pino";
import type { ProviderRow } from "../db/schema.js";
import { type SecretBox, SecretDecryptionError } from "../secrets/SecretBox.js";
import { DockerProvider } from "./docker/DockerProvider.js";
import { KubernetesProvider } from "./kubernetes/KubernetesProvider.js";
import {
  DockerSecrets,
  KubernetesSecrets,
  type RemoteProviderConfig,
  StoredDockerSettings,
  StoredKubernetesSettings,
} from "./providerSettings.js";
import type { RemoteProviderOptions } from "./RemoteProviderOptions.js";
import type { ProviderTimings } from "./timings.js";
import type { ComputeExitListener, ProviderWorkspace, WorkspaceProvider } from "./WorkspaceProvider.js";

/** What every remote provider instance shares. */
export interface RegistryDependencies {
  gatewayUrl: () => string;
  activeWorkspaces: (providerId: string) => Promise<ProviderWorkspace[]>;
  onExit: ComputeExitListener;
  timings: ProviderTimings;
  log: Logger;
}

/**
 * The live implementation of each provider: the built-in local one and one Kubernetes or
 * Docker instance per stored provider, rebuilt when its settings change. Owns them all and
 * disposes them on close.
 */
export class ProviderRegistry {
  readonly #instances = new Map<string, WorkspaceProvider>();
  /** Providers whose secrets could not be decrypted, with the reason (they get no instance). */
  readonly #broken = new Map<string, string>();

  constructor(
    private readonly localId: string,
    local: WorkspaceProvider,
    private readonly box: SecretBox,
    private readonly deps: RegistryDependencies,
  ) {
    this.#instances.set(localId, local);
  }

  /** Builds an instance for every stored remote provider (at start-up). */
  load(rows: ProviderRow[]): void {
    for (const row of rows) {
      if (row.id === this.localId || row.kind === "local") continue;
      try {
        this.#instances.set(row.id, this.build(row.id, this.configOf(row)));
      } catch (error) {
        // One unusable provider must not keep the gateway (and every other provider) down.
        const reason =
          error instanceof SecretDecryptionError
            ? secretsLostMessage()
            : `Its stored settings are unusable (${(error as Error).message}): edit the provider.`;
        this.#broken.set(row.id, reason);
        this.deps.log.error({ providerId: row.id, reason }, "provider could not be loaded");
      }
    }
  }

  get(id: string): WorkspaceProvider | undefined {
    return this.#instances.get(id);
  }

  /** Why a stored provider has no instance, or null. */
  brokenReason(id: string): string | null {
    return this.#broken.get(id) ?? null;
  }

  /** A new, unregistered instance for these settings (so a failure saves nothing). */
  build(providerId: string, config: RemoteProviderConfig): WorkspaceProvider {
    const options: RemoteProviderOptions = {
      providerId,
      gatewayUrl: this.deps.gatewayUrl,
      activeWorkspaces: () => this.deps.activeWorkspaces(providerId),
      onExit: this.deps.onExit,
      timings: this.deps.timings,
      log: this.deps.log.child({ providerId, kind: config.kind }),
    };
    return config.kind === "kubernetes"
      ? new KubernetesProvider(config.settings, config.secrets, options)
      : new DockerProvider(config.settings, config.secrets, options);
  }

  /** Makes `instance` the provider's implementation, disposing the one it replaces. */
  async install(providerId: string, instance: WorkspaceProvider): Promise<void> {
    const previous = this.#instances.get(providerId);
    this.#instances.set(providerId, instance);
    this.#broken.delete(providerId);
    await previous?.dispose();
  }

  async remove(providerId: string): Promise<void> {
    const previous = this.#instances.get(providerId);
    this.#instances.delete(providerId);
    this.#broken.delete(providerId);
    await previous?.dispose();
  }

  /** Settings and decrypted secrets of a stored remote provider; throws SecretDecryptionError. */
  configOf(row: ProviderRow): RemoteProviderConfig {
    const settings: unknown = JSON.parse(row.settings);
    const secrets: unknown = row.secrets ? JSON.parse(this.box.open(row.secrets, row.id)) : {};
    if (row.kind === "kubernetes") {
      return {
        kind: "kubernetes",
        settings: StoredKubernetesSettings.parse(settings),
        secrets: KubernetesSecrets.parse(secrets),
      };
    }
    if (row.kind === "docker") {
      return { kind: "docker", settings: StoredDockerSettings.parse(settings), secrets: DockerSecrets.parse(secrets) };
    }
    throw new Error(`provider ${row.id} has no remote kind`);
  }

  /** Decrypted secrets of a row, or null when it has none or they do not decrypt. */
  openSecrets(row: ProviderRow): Record<string, unknown> | null {
    if (!row.secrets) return null;
    try {
      return JSON.parse(this.box.open(row.secrets, row.id)) as Record<string, unknown>;
    } catch {
      return null;
    }
  }

  seal(providerId: string, secrets: Record<string, unknown> | null): string | null {
    return secrets ? this.box.seal(JSON.stringify(secrets), providerId) : null;
  }

  async dispose(): Promise<void> {
    const instances = [...this.#instances.values()];
    this.#instances.clear();
    await Promise.all(instances.map((instance) => instance.dispose()));
  }
}

export function secretsLostMessage(): string {
  return "Its stored secrets do not decrypt with this gateway's secret key (was GANGWAY_SECRET_KEY or secret.key changed?): edit the provider and enter them again.";
}
