import type { Logger } from "pino";
import type { ComputeExitListener, ProviderWorkspace } from "./WorkspaceProvider.js";

/** Workspaces of this provider whose compute should be up (starting or running). */
export type ActiveWorkspaces = () => Promise<ProviderWorkspace[]>;

/** Looks at the compute of these workspaces; returns a failure reason per workspace that failed. */
export type ComputeInspector = (workspaces: ProviderWorkspace[]) => Promise<Map<string, string>>;

/**
 * Polls a remote provider for compute that died or cannot start (crash loop, failed image
 * pull, deleted by hand) and reports it like the local provider reports an exited process.
 * Workspaces that a start or stop touched while a poll was under way are left to the next
 * poll, so a poll never reports on compute that was replaced under it.
 */
export class ComputePoller {
  #timer: NodeJS.Timeout | null = null;
  #inFlight: Promise<void> | null = null;
  #disposed = false;
  #sequence = 0;
  readonly #touched = new Map<string, number>();
  #failing = false;

  constructor(
    private readonly intervalMs: number,
    private readonly activeWorkspaces: ActiveWorkspaces,
    private readonly inspect: ComputeInspector,
    private readonly onExit: ComputeExitListener,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.#schedule();
  }

  /** A start, stop or delete changed this workspace's compute. */
  touch(workspaceId: string): void {
    this.#touched.set(workspaceId, ++this.#sequence);
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#inFlight;
  }

  #schedule(): void {
    if (this.#disposed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#inFlight = this.#poll().finally(() => {
        this.#inFlight = null;
        this.#schedule();
      });
    }, this.intervalMs);
  }

  async #poll(): Promise<void> {
    const startedAt = this.#sequence;
    try {
      // A null state means start() has not returned yet: nothing to judge.
      const workspaces = (await this.activeWorkspaces()).filter((workspace) => workspace.state !== null);
      if (workspaces.length === 0 || this.#disposed) return;
      const failures = await this.inspect(workspaces);
      this.#failing = false;
      for (const [workspaceId, reason] of failures) {
        if ((this.#touched.get(workspaceId) ?? 0) > startedAt || this.#disposed) continue;
        this.onExit(workspaceId, reason);
      }
    } catch (err) {
      // The health check turns the provider to "error"; one log line per outage is enough here.
      if (!this.#failing) this.log.warn({ reason: (err as Error).message }, "could not look at workspace compute");
      this.#failing = true;
    }
  }
}
