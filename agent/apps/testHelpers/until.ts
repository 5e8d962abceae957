import { type Changes, TEST_EVENT_TIMEOUT_MS } from "../../testHelpers/waitUntil.js";

/**
 * Like `waitUntil`, with a timeout the caller picks (a 100 MB transfer outlasts the default),
 * driven by a `Changes` that the test double notifies.
 */
export function until<T>(
  changes: Changes,
  check: () => T | undefined,
  what: string,
  timeoutMs = TEST_EVENT_TIMEOUT_MS,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
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
    const unsubscribe = changes.subscribe(settleIfReady);
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
