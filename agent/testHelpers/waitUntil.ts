/**
 * A failsafe for awaiting an event in tests: long enough never to fire on a healthy run, so
 * a hang fails with a message instead of the test runner's generic timeout.
 */
export const TEST_EVENT_TIMEOUT_MS = 10_000;

/**
 * Resolves once `check` returns a value other than undefined. `subscribe` registers a
 * callback fired whenever the state `check` reads may have changed, and returns its undo.
 * `timeoutMs` is for waits that legitimately outlast the default (a 100 MB transfer).
 */
export function waitUntil<T>(
  subscribe: (changed: () => void) => () => void,
  check: () => T | undefined,
  what: string,
  timeoutMs = TEST_EVENT_TIMEOUT_MS,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // Runs inside node-datachannel callbacks too, where a thrown error would abort the process.
    const settleIfReady = (): void => {
      let value: T | undefined;
      try {
        value = check();
      } catch (error) {
        cleanup();
        reject(error);
        return;
      }
      if (value === undefined) return;
      cleanup();
      resolve(value);
    };
    const unsubscribe = subscribe(settleIfReady);
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      unsubscribe();
    };
    settleIfReady();
  });
}

/** A tiny observable for test doubles: `notify()` after every state change. */
export class Changes {
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** How often `pollUntil` looks; for state with no change event (a process starting). */
const POLL_INTERVAL_MS = 10;

/** Like `waitUntil`, for state that offers no change event: checks every few ms. */
export function pollUntil<T>(check: () => T | undefined, what: string): Promise<T> {
  return waitUntil(
    (changed) => {
      const timer = setInterval(changed, POLL_INTERVAL_MS);
      return () => clearInterval(timer);
    },
    check,
    what,
  );
}
