import Docker from "dockerode";
import type { ProviderCheck } from "../../../protocol/rest.js";
import { ComputePoller } from "../ComputePoller.js";
import type { DockerSecrets, StoredDockerSettings } from "../providerSettings.js";
import type { RemoteProviderOptions } from "../RemoteProviderOptions.js";
import { disposeController, requestSignal } from "../requestSignal.js";
import type { ProviderState, ProviderWorkspace, WorkspaceProvider } from "../WorkspaceProvider.js";
import {
  containerName,
  homeVolumeName,
  PROVIDER_ID_LABEL,
  WORKSPACE_ID_LABEL,
  workspaceContainer,
  workspaceLabels,
} from "./containerSpec.js";

/** Seconds Docker gives the agent after SIGTERM before SIGKILL; it needs well under one. */
const STOP_GRACE_SECONDS = 10;
/**
 * Restarts after which a restarting container counts as failed (Docker's own back-off keeps
 * trying; the dashboard should say so instead of showing "starting" forever).
 */
export const CRASH_LOOP_RESTARTS = 5;
/** Engine API 1.40 is Docker 19.03: everything used here (Mounts, NanoCpus, label filters) exists there. */
const MIN_API_VERSION = [1, 40] as const;

/** dockerode honours `abortSignal` on ping and version; @types/dockerode leaves it out there. */
interface SignalledCalls {
  ping(options: { abortSignal: AbortSignal }): Promise<unknown>;
  version(options: { abortSignal: AbortSignal }): Promise<Docker.DockerVersion>;
}

/**
 * Runs each workspace as a container on a Docker Engine reached over its unix socket or over
 * TCP with TLS client certificates. Per workspace: one container and one named home volume.
 */
export class DockerProvider implements WorkspaceProvider {
  readonly #abort = disposeController();
  readonly #docker: Docker;
  readonly #poller: ComputePoller;

  constructor(
    private readonly settings: StoredDockerSettings,
    secrets: DockerSecrets,
    private readonly options: RemoteProviderOptions,
  ) {
    const endpoint = settings.endpoint;
    // The socket-level backstop; each call also carries its own deadline (#signal). A stop may
    // legitimately take the grace period, so the backstop leaves room for it.
    const timeout = options.timings.requestTimeoutMs + STOP_GRACE_SECONDS * 1000;
    this.#docker =
      endpoint.type === "socket"
        ? new Docker({ socketPath: endpoint.socketPath, timeout })
        : new Docker({
            host: endpoint.host,
            port: endpoint.port,
            protocol: "https",
            ca: endpoint.caCertificate,
            cert: endpoint.clientCertificate,
            key: secrets.clientKey,
            timeout,
          });
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
      await this.#removeContainers(workspace.id);
      await this.#docker.createVolume({
        Name: homeVolumeName(workspace.id),
        Labels: workspaceLabels(workspace, this.options.providerId),
        abortSignal: this.#signal(),
      });
      const name = containerName(workspace.id);
      const spec = workspaceContainer(
        workspace,
        this.options.providerId,
        this.settings,
        this.options.gatewayUrl(),
        agentToken,
      );
      // `_query`/`_body` keep the spec (and the token in its Env) out of the request URL,
      // where dockerode would otherwise repeat it as query parameters.
      const container = await this.#docker.createContainer({
        _query: { name },
        _body: spec,
        abortSignal: this.#signal(),
      } as unknown as Docker.ContainerCreateOptions);
      await container.start({ abortSignal: this.#signal() });
      this.options.log.info({ workspaceId: workspace.id, container: name }, "workspace container started");
      return { containerName: name, containerId: container.id };
    });
  }

  async resume(workspace: ProviderWorkspace): Promise<boolean> {
    try {
      const info = await this.#docker
        .getContainer(containerName(workspace.id))
        .inspect({ abortSignal: this.#signal() });
      return info.State.Running || info.State.Restarting;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw error;
    }
  }

  /** Removes the container (its token dies with it); the home volume stays. */
  async stop(workspace: ProviderWorkspace): Promise<void> {
    this.#poller.touch(workspace.id);
    await this.#explain("stop", () => this.#removeContainers(workspace.id));
  }

  /** Removes the container and the home volume. */
  async delete(workspace: ProviderWorkspace): Promise<void> {
    this.#poller.touch(workspace.id);
    await this.#explain("delete", async () => {
      await this.#removeContainers(workspace.id);
      await ignore404(this.#docker.getVolume(homeVolumeName(workspace.id)).remove({ abortSignal: this.#signal() }));
    });
  }

  async check(): Promise<ProviderCheck[]> {
    const where = this.#where();
    try {
      await (this.#docker as unknown as SignalledCalls).ping({ abortSignal: this.#signal() });
    } catch (error) {
      return [{ name: "reach engine", passed: false, message: `Cannot reach ${where}: ${describeDockerError(error)}` }];
    }
    const checks: ProviderCheck[] = [{ name: "reach engine", passed: true, message: `${where} answered.` }];
    checks.push(await this.#checkVersion());
    checks.push(await this.#checkImage());
    return checks;
  }

  async dispose(): Promise<void> {
    this.#abort.abort();
    await this.#poller.dispose();
  }

  async #checkVersion(): Promise<ProviderCheck> {
    const name = "engine version";
    try {
      const version = await (this.#docker as unknown as SignalledCalls).version({ abortSignal: this.#signal() });
      const [major = 0, minor = 0] = version.ApiVersion.split(".").map(Number);
      const [minMajor, minMinor] = MIN_API_VERSION;
      const recent = major > minMajor || (major === minMajor && minor >= minMinor);
      const found = `Docker ${version.Version} (API ${version.ApiVersion}, ${version.Os}/${version.Arch})`;
      return recent
        ? { name, passed: true, message: found }
        : { name, passed: false, message: `${found} is too old: API ${MIN_API_VERSION.join(".")} or later is needed.` };
    } catch (error) {
      return { name, passed: false, message: describeDockerError(error) };
    }
  }

  async #checkImage(): Promise<ProviderCheck> {
    const name = "image present";
    const image = this.settings.image;
    try {
      await this.#docker.getImage(image).inspect();
      return { name, passed: true, message: `${image} is on the host.` };
    } catch (error) {
      if (statusOf(error) !== 404) return { name, passed: false, message: describeDockerError(error) };
      return { name, passed: false, message: `${image} is not on the host: run \`docker pull ${image}\` there.` };
    }
  }

  /** Force-removes the workspace's containers (after a graceful stop) by label, so strays go too. */
  async #removeContainers(workspaceId: string): Promise<void> {
    const containers = await this.#docker.listContainers({
      all: true,
      filters: { label: [`${WORKSPACE_ID_LABEL}=${workspaceId}`] },
      abortSignal: this.#signal(),
    });
    for (const info of containers) {
      const container = this.#docker.getContainer(info.Id);
      if (info.State === "running" || info.State === "restarting") {
        await ignoreCodes(
          container.stop({ t: STOP_GRACE_SECONDS, abortSignal: this.#signal(STOP_GRACE_SECONDS * 1000) }),
          [304, 404],
        );
      }
      await ignore404(container.remove({ force: true, abortSignal: this.#signal() }));
    }
  }

  /** Failure reasons of these workspaces' containers. */
  async #inspect(workspaces: ProviderWorkspace[]): Promise<Map<string, string>> {
    const containers = await this.#docker.listContainers({
      all: true,
      filters: { label: [`${PROVIDER_ID_LABEL}=${this.options.providerId}`] },
      abortSignal: this.#signal(),
    });
    const byWorkspace = new Map(containers.map((info) => [info.Labels[WORKSPACE_ID_LABEL], info]));
    const failures = new Map<string, string>();
    for (const workspace of workspaces) {
      const info = byWorkspace.get(workspace.id);
      if (!info) {
        failures.set(workspace.id, "The workspace container no longer exists (removed outside Gangway?).");
      } else if (info.State === "exited" || info.State === "dead") {
        failures.set(workspace.id, `The workspace container stopped: ${info.Status}.`);
      } else if (info.State === "restarting") {
        const details = await this.#docker.getContainer(info.Id).inspect({ abortSignal: this.#signal() });
        if (details.RestartCount >= CRASH_LOOP_RESTARTS) {
          const exit = details.State.ExitCode;
          failures.set(
            workspace.id,
            `The workspace agent keeps crashing (restarted ${details.RestartCount} times, last exit code ${exit}).`,
          );
        }
      }
    }
    return failures;
  }

  #signal(extraMs = 0): AbortSignal {
    return requestSignal(this.#abort.signal, this.options.timings.requestTimeoutMs + extraMs);
  }

  #where(): string {
    const endpoint = this.settings.endpoint;
    return endpoint.type === "socket" ? `unix://${endpoint.socketPath}` : `tcp://${endpoint.host}:${endpoint.port}`;
  }

  async #explain<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new Error(`Docker ${what} failed on ${this.#where()}: ${describeDockerError(error)}`);
    }
  }
}

function statusOf(error: unknown): number | null {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === "number" ? status : null;
}

async function ignoreCodes(work: Promise<unknown>, codes: number[]): Promise<void> {
  try {
    await work;
  } catch (error) {
    const status = statusOf(error);
    if (status === null || !codes.includes(status)) throw error;
  }
}

const ignore404 = (work: Promise<unknown>) => ignoreCodes(work, [404]);

/** The engine's own message when it sent one, else why no answer came. */
export function describeDockerError(error: unknown): string {
  const json = (error as { json?: { message?: unknown } } | null)?.json;
  const status = statusOf(error);
  if (status !== null && typeof json?.message === "string") return `${status}: ${json.message}`;
  if (error instanceof Error) {
    if (error.name === "AbortError" || error.name === "TimeoutError") return "no answer from the engine in time";
    return error.message;
  }
  return String(error);
}
