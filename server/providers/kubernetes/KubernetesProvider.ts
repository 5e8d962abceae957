import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { V1Pod } from "@kubernetes/client-node";
import type { ProviderCheck } from "../../../protocol/rest.js";
import { ComputePoller } from "../ComputePoller.js";
import type { KubernetesSecrets, StoredKubernetesSettings } from "../providerSettings.js";
import type { RemoteProviderOptions } from "../RemoteProviderOptions.js";
import { disposeController } from "../requestSignal.js";
import type { ProviderState, ProviderWorkspace, WorkspaceProvider } from "../WorkspaceProvider.js";
import { checkKubernetesAccess } from "./accessChecks.js";
import { describeKubernetesError, isNotFound, KubernetesApi } from "./KubernetesApi.js";
import { latestWarning, podFailure } from "./podFailure.js";
import {
  homeClaim,
  homeClaimName,
  podName,
  providerSelector,
  secretName,
  tokenSecret,
  workspacePod,
  workspaceSelector,
} from "./workspaceObjects.js";

/** Between two looks while a stop waits for the pod to be gone. */
const POD_GONE_POLL_MS = 250;

/**
 * Runs each workspace as a Pod in one namespace of a cluster the gateway reaches with a
 * service-account token. Per workspace: a Secret with the agent token and gateway URL, a
 * PersistentVolumeClaim for home, and a Pod whose agent dials out. Nothing else is ever
 * created: no Service, no Ingress, no inbound path.
 */
export class KubernetesProvider implements WorkspaceProvider {
  readonly #abort = disposeController();
  readonly #api: KubernetesApi;
  readonly #poller: ComputePoller;
  readonly #namespace: string;

  constructor(
    private readonly settings: StoredKubernetesSettings,
    secrets: KubernetesSecrets,
    private readonly options: RemoteProviderOptions,
  ) {
    this.#namespace = settings.namespace;
    this.#api = new KubernetesApi(
      {
        apiServer: settings.apiServer,
        token: secrets.token,
        caCertificate: settings.caCertificate,
        insecureSkipTlsVerify: settings.insecureSkipTlsVerify,
      },
      options.timings.requestTimeoutMs,
      this.#abort.signal,
    );
    this.#poller = new ComputePoller(
      options.timings.computePollIntervalMs,
      options.activeWorkspaces,
      (workspaces) => this.#inspect(workspaces),
      options.onExit,
      options.log,
    );
    this.#poller.start();
  }

  async start(workspace: ProviderWorkspace, agentToken: string): Promise<ProviderState> {
    this.#poller.touch(workspace.id);
    return this.#explain("start", async () => {
      await this.#deletePods(workspace.id);
      await this.#replaceSecret(workspace, agentToken);
      await this.#ensureHomeClaim(workspace);
      const name = podName(workspace.id, randomBytes(3).toString("hex"));
      await this.#api.core.createNamespacedPod({
        namespace: this.#namespace,
        body: workspacePod(workspace, this.options.providerId, this.settings, name),
      });
      this.options.log.info({ workspaceId: workspace.id, pod: name }, "workspace pod created");
      return { podName: name };
    });
  }

  async resume(workspace: ProviderWorkspace): Promise<boolean> {
    const name = workspace.state?.podName;
    if (typeof name !== "string") return false;
    const pod = await this.#readOrNull(() => this.#api.core.readNamespacedPod({ name, namespace: this.#namespace }));
    if (!pod || podFailure(pod)) return false;
    // Without its Secret a restarted container could not get its token.
    const secret = await this.#readOrNull(() =>
      this.#api.core.readNamespacedSecret({ name: secretName(workspace.id), namespace: this.#namespace }),
    );
    return secret !== null;
  }

  /** Deletes the pod and the token Secret (stop revokes the token); the home volume stays. */
  async stop(workspace: ProviderWorkspace): Promise<void> {
    this.#poller.touch(workspace.id);
    await this.#explain("stop", async () => {
      await this.#deletePods(workspace.id);
      await this.#ignoreNotFound(() =>
        this.#api.core.deleteNamespacedSecret({ name: secretName(workspace.id), namespace: this.#namespace }),
      );
      await this.#waitForPodsGone(workspace.id);
    });
  }

  /** Removes the pod, the Secret and the home volume. */
  async delete(workspace: ProviderWorkspace): Promise<void> {
    this.#poller.touch(workspace.id);
    await this.#explain("delete", async () => {
      await this.#deletePods(workspace.id);
      await this.#ignoreNotFound(() =>
        this.#api.core.deleteNamespacedSecret({ name: secretName(workspace.id), namespace: this.#namespace }),
      );
      await this.#ignoreNotFound(() =>
        this.#api.core.deleteNamespacedPersistentVolumeClaim({
          name: homeClaimName(workspace.id),
          namespace: this.#namespace,
        }),
      );
    });
  }

  check(): Promise<ProviderCheck[]> {
    return checkKubernetesAccess(this.#api, this.settings.apiServer, this.#namespace);
  }

  async dispose(): Promise<void> {
    this.#abort.abort();
    await this.#poller.dispose();
  }

  async #replaceSecret(workspace: ProviderWorkspace, agentToken: string): Promise<void> {
    const name = secretName(workspace.id);
    await this.#ignoreNotFound(() => this.#api.core.deleteNamespacedSecret({ name, namespace: this.#namespace }));
    await this.#api.core.createNamespacedSecret({
      namespace: this.#namespace,
      body: tokenSecret(workspace, this.options.providerId, this.options.gatewayUrl(), agentToken),
    });
  }

  async #ensureHomeClaim(workspace: ProviderWorkspace): Promise<void> {
    const name = homeClaimName(workspace.id);
    const existing = await this.#readOrNull(() =>
      this.#api.core.readNamespacedPersistentVolumeClaim({ name, namespace: this.#namespace }),
    );
    if (existing) return;
    await this.#api.core.createNamespacedPersistentVolumeClaim({
      namespace: this.#namespace,
      body: homeClaim(workspace, this.options.providerId, this.settings),
    });
  }

  async #listPods(labelSelector: string): Promise<V1Pod[]> {
    return (await this.#api.core.listNamespacedPod({ namespace: this.#namespace, labelSelector })).items;
  }

  async #deletePods(workspaceId: string): Promise<void> {
    for (const pod of await this.#listPods(workspaceSelector(workspaceId))) {
      const name = pod.metadata?.name;
      if (name)
        await this.#ignoreNotFound(() => this.#api.core.deleteNamespacedPod({ name, namespace: this.#namespace }));
    }
  }

  /** Waits (bounded) until the pod has terminated, so a stop means the agent is gone. */
  async #waitForPodsGone(workspaceId: string): Promise<void> {
    const deadline = Date.now() + this.options.timings.stopWaitMs;
    while ((await this.#listPods(workspaceSelector(workspaceId))).length > 0) {
      if (Date.now() > deadline) {
        this.options.log.warn({ workspaceId }, "workspace pod still terminating; not waiting any longer");
        return;
      }
      await sleep(POD_GONE_POLL_MS, undefined, { signal: this.#abort.signal });
    }
  }

  /** Failure reasons of the pods of these workspaces, explained by their latest Warning event. */
  async #inspect(workspaces: ProviderWorkspace[]): Promise<Map<string, string>> {
    const pods = new Map<string, V1Pod>();
    for (const pod of await this.#listPods(providerSelector(this.options.providerId))) {
      if (pod.metadata?.name) pods.set(pod.metadata.name, pod);
    }
    const failures = new Map<string, string>();
    for (const workspace of workspaces) {
      const name = String(workspace.state?.podName);
      const pod = pods.get(name);
      if (!pod) {
        failures.set(workspace.id, `The workspace pod ${name} no longer exists (deleted outside Gangway?).`);
        continue;
      }
      const failure = podFailure(pod);
      if (failure) failures.set(workspace.id, await this.#withLatestWarning(name, failure));
    }
    return failures;
  }

  async #withLatestWarning(pod: string, failure: string): Promise<string> {
    try {
      const events = await this.#api.core.listNamespacedEvent({
        namespace: this.#namespace,
        fieldSelector: `involvedObject.name=${pod}`,
      });
      const warning = latestWarning(events.items);
      return warning ? `${failure} Last warning: ${warning}` : failure;
    } catch {
      return failure;
    }
  }

  async #readOrNull<T>(read: () => Promise<T>): Promise<T | null> {
    try {
      return await read();
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async #ignoreNotFound(remove: () => Promise<unknown>): Promise<void> {
    await this.#readOrNull(remove);
  }

  /** Rethrows a failed API call as a sentence an admin can act on (the lifecycle shows it). */
  async #explain<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new Error(`Kubernetes ${what} failed in namespace "${this.#namespace}": ${describeKubernetesError(error)}`);
    }
  }
}
