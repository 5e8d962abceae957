import type { Logger } from "pino";
import type { AgentHub } from "../agents/AgentHub.js";
import { newToken, sha256Hex } from "../auth/tokens.js";
import { ApiError, notFound } from "../http/errors.js";
import type { ProviderState, ProviderWorkspace, WorkspaceProvider } from "../providers/WorkspaceProvider.js";
import type { WorkspaceStatus, WorkspaceStore, WorkspaceView } from "./WorkspaceStore.js";

/** Statuses from which a workspace may be started. */
const STARTABLE: WorkspaceStatus[] = ["stopped", "failed"];
/** Statuses in which compute may exist, so stopping makes sense. */
const STOPPABLE: WorkspaceStatus[] = ["starting", "running", "failed"];

/** Finds the provider implementation for a provider id; undefined if this gateway has none. */
export type ProviderLookup = (providerId: string) => WorkspaceProvider | undefined;

/** What a provider is told about a workspace. */
export function providerView(view: WorkspaceView): ProviderWorkspace {
  const state = view.provider_state ? (JSON.parse(view.provider_state) as ProviderState) : null;
  return { id: view.id, name: view.name, state };
}

/**
 * Drives workspaces' compute through their provider: start with a fresh agent token, stop
 * (revoking it), failure when compute dies, reconciliation after a restart. Operations on one
 * workspace run one after another and re-read it first, so a stop never overtakes the start
 * it should undo.
 */
export class WorkspaceLifecycle {
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: WorkspaceStore,
    private readonly providerFor: ProviderLookup,
    private readonly hub: AgentHub,
    private readonly log: Logger,
  ) {}

  /** A new agent token and the row fields that go with it (status "starting"). */
  static mintToken(): { token: string; tokenHash: string } {
    const token = newToken();
    return { token, tokenHash: sha256Hex(token) };
  }

  /** Starts a workspace just inserted as "starting" with this token's hash. */
  launchNew(workspaceId: string, token: string): Promise<void> {
    return this.#serialize(workspaceId, async (view) => this.#launch(view, token));
  }

  start(workspaceId: string): Promise<void> {
    return this.#serialize(workspaceId, async (view) => {
      const { token, tokenHash } = WorkspaceLifecycle.mintToken();
      const patch = { status: "starting", status_message: null, agent_token_hash: tokenHash } as const;
      if (!(await this.store.transition(view.id, STARTABLE, patch))) throw invalidState(view, "started");
      await this.#launch(view, token);
    });
  }

  stop(workspaceId: string): Promise<void> {
    return this.#serialize(workspaceId, (view) => this.#stop(view));
  }

  /** Stops the workspace if needed, then removes its compute, its files and its row. */
  delete(workspaceId: string): Promise<void> {
    return this.#serialize(workspaceId, async (view) => {
      if (view.status === "stopping") throw invalidState(view, "deleted");
      if (STOPPABLE.includes(view.status)) await this.#stop(view);
      await this.#provider(view).delete(providerView(view));
      await this.store.delete(view.id);
    });
  }

  /** Compute died on its own: the workspace failed and its token is revoked. */
  computeExited(workspaceId: string, reason: string): void {
    this.#serialize(workspaceId, async (view) => {
      const patch = { status: "failed", status_message: reason, agent_token_hash: null } as const;
      if (!(await this.store.transition(view.id, ["starting", "running"], patch))) return;
      this.log.warn({ workspaceId, reason }, "workspace compute exited");
      this.hub.disconnect(workspaceId);
    }).catch((err: unknown) => this.log.error({ err, workspaceId }, "could not record the compute's exit"));
  }

  /** After a restart: adopts compute that still runs, restarts what died, finishes interrupted stops. */
  async reconcile(): Promise<void> {
    await this.store.clearAgentConnections();
    for (const { id } of await this.store.listActive()) {
      await this.#serialize(id, (view) => this.#reconcileOne(view)).catch((err: unknown) =>
        this.log.error({ err, workspaceId: id }, "could not reconcile the workspace"),
      );
    }
  }

  /** Stops every workspace that may have compute (shutdown with stopWorkspaces). */
  async stopAll(): Promise<void> {
    const active = await this.store.listActive();
    await Promise.all(
      active.map(({ id }) =>
        this.#serialize(id, (view) => (view.status === "stopping" ? this.#halt(view) : this.#stop(view))).catch(
          (err: unknown) => this.log.error({ err, workspaceId: id }, "could not stop the workspace on shutdown"),
        ),
      ),
    );
  }

  /** Waits for operations in flight, so nothing touches the database after it closes. */
  async drain(): Promise<void> {
    while (this.#queues.size > 0) await Promise.allSettled([...this.#queues.values()]);
  }

  /** Runs `operation` on a fresh read of the workspace once earlier operations on it are done. */
  #serialize(workspaceId: string, operation: (view: WorkspaceView) => Promise<void>): Promise<void> {
    const run = async () => {
      const view = await this.store.get(workspaceId);
      if (!view) throw notFound();
      await operation(view);
    };
    const next = (this.#queues.get(workspaceId) ?? Promise.resolve()).then(run, run);
    const settled = next.catch(() => undefined);
    this.#queues.set(workspaceId, settled);
    void settled.then(() => {
      if (this.#queues.get(workspaceId) === settled) this.#queues.delete(workspaceId);
    });
    return next;
  }

  /** Asks the provider to start; a failure marks the workspace failed instead of throwing. */
  async #launch(view: WorkspaceView, token: string): Promise<void> {
    try {
      const state = await this.#provider(view).start(providerView(view), token);
      await this.store.update(view.id, { provider_state: JSON.stringify(state) });
    } catch (err) {
      this.log.error({ err, workspaceId: view.id }, "provider could not start the workspace");
      await this.store.transition(view.id, ["starting"], {
        status: "failed",
        status_message: `The provider could not start the workspace: ${(err as Error).message}`,
        agent_token_hash: null,
      });
    }
  }

  async #stop(view: WorkspaceView): Promise<void> {
    const moved = await this.store.transition(view.id, STOPPABLE, { status: "stopping", agent_token_hash: null });
    if (!moved) throw invalidState(view, "stopped");
    await this.#halt(view);
  }

  /** Closes the agent socket and stops the compute of a workspace already marked "stopping". */
  async #halt(view: WorkspaceView): Promise<void> {
    this.hub.disconnect(view.id);
    try {
      await this.#provider(view).stop(providerView(view));
    } catch (err) {
      this.log.error({ err, workspaceId: view.id }, "provider could not stop the workspace");
      const message = `The provider could not stop the workspace: ${(err as Error).message}`;
      await this.store.update(view.id, { status: "failed", status_message: message });
      throw new ApiError(502, "PROVIDER_ERROR", message);
    }
    await this.store.update(view.id, {
      status: "stopped",
      status_message: null,
      provider_state: null,
      agent_connected: 0,
    });
  }

  async #reconcileOne(view: WorkspaceView): Promise<void> {
    if (view.status === "stopping") return this.#halt(view);
    if (await this.#provider(view).resume(providerView(view))) return;
    this.log.info({ workspaceId: view.id }, "workspace compute is gone; starting it again");
    const { token, tokenHash } = WorkspaceLifecycle.mintToken();
    await this.store.update(view.id, { status: "starting", status_message: null, agent_token_hash: tokenHash });
    await this.#launch(view, token);
  }

  #provider(view: WorkspaceView): WorkspaceProvider {
    const provider = this.providerFor(view.provider_id);
    if (provider) return provider;
    throw new ApiError(
      409,
      "PROVIDER_ERROR",
      `This gateway cannot run workspaces on provider "${view.provider_name}".`,
    );
  }
}

function invalidState(view: WorkspaceView, verb: string): ApiError {
  return new ApiError(409, "INVALID_STATE", `The workspace is ${view.status}, so it cannot be ${verb} now.`);
}
