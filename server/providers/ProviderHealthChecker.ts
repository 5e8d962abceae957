import type { Logger } from "pino";
import type { ProviderCheck } from "../../protocol/rest.js";
import type { ProviderRow } from "../db/schema.js";
import type { ProviderRegistry } from "./ProviderRegistry.js";
import type { CheckOutcome, ProviderStore } from "./ProviderStore.js";

/**
 * Re-checks every remote provider periodically and any provider on demand (the test route, a
 * create or an edit). A failing check turns the provider to "error" with the reason; a passing
 * one turns it back to "ready", so an outage heals by itself. Owned by the app: dispose()
 * stops the timer and waits for checks in flight.
 */
export class ProviderHealthChecker {
  #timer: NodeJS.Timeout | null = null;
  #disposed = false;
  /** Checks in flight by provider id and revision: concurrent requests share one. */
  readonly #inFlight = new Map<string, Promise<ProviderCheck[]>>();

  constructor(
    private readonly store: ProviderStore,
    private readonly registry: ProviderRegistry,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  /** Checks every remote provider now, then every interval. */
  start(): void {
    void this.#round();
  }

  /** Checks one provider now and records the result; null when it does not exist. */
  async check(providerId: string): Promise<ProviderCheck[] | null> {
    const row = await this.store.get(providerId);
    if (!row || this.#disposed) return null;
    const key = `${row.id}:${row.revision}`;
    const running = this.#inFlight.get(key);
    if (running) return running;
    const check = this.#run(row).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, check);
    return check;
  }

  /** Starts a check without waiting for it (after a create or an edit). */
  checkSoon(providerId: string): void {
    this.check(providerId).catch((err: unknown) => this.log.error({ err, providerId }, "provider check failed"));
  }

  /** Stops scheduling checks at once; resolves when the checks in flight have ended. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await Promise.allSettled([...this.#inFlight.values()]);
  }

  async #round(): Promise<void> {
    try {
      const rows = await this.store.list();
      await Promise.allSettled(rows.filter((row) => row.kind !== "local").map((row) => this.check(row.id)));
    } catch (err) {
      this.log.error({ err }, "provider health round failed");
    }
    if (this.#disposed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#round();
    }, this.intervalMs);
  }

  async #run(row: ProviderRow): Promise<ProviderCheck[]> {
    const checks = await this.#checks(row);
    // Checks cut short by shutdown say nothing about the provider.
    if (this.#disposed) return checks;
    const outcome = outcomeOf(checks);
    await this.store.recordCheck(row.id, row.revision, outcome);
    if (outcome.status !== row.status) {
      const level = outcome.status === "error" ? "warn" : "info";
      this.log[level](
        { providerId: row.id, provider: row.name, status: outcome.status, reason: outcome.status_message },
        "provider status changed",
      );
    }
    return checks;
  }

  async #checks(row: ProviderRow): Promise<ProviderCheck[]> {
    const instance = this.registry.get(row.id);
    if (!instance) {
      const reason = this.registry.brokenReason(row.id) ?? "This gateway has no implementation for it.";
      return [{ name: "secrets", passed: false, message: reason }];
    }
    try {
      return await instance.check();
    } catch (error) {
      return [
        { name: "connection test", passed: false, message: `The test itself failed: ${(error as Error).message}` },
      ];
    }
  }
}

/** Ready when every check passed; otherwise error, with the failed check (or how many failed). */
export function outcomeOf(checks: ProviderCheck[]): CheckOutcome {
  const failed = checks.filter((check) => !check.passed);
  const last_checked_at = new Date().toISOString();
  if (failed.length === 0) return { status: "ready", status_message: null, last_checked_at };
  const [first] = failed;
  const status_message =
    failed.length === 1 && first
      ? `${first.name}: ${first.message}`
      : `${failed.length} checks failed: ${failed.map((check) => check.name).join(", ")}. Run the connection test for details.`;
  return { status: "error", status_message, last_checked_at };
}
