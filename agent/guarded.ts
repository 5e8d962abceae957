import type { Logger } from "pino";

/**
 * Wraps a callback that native code (node-datachannel) invokes. An exception escaping such a
 * callback aborts the whole process instead of reaching a JavaScript handler, so every one
 * of them is caught and logged here.
 */
export function guarded<A extends unknown[]>(logger: Logger, what: string, callback: (...args: A) => void) {
  return (...args: A): void => {
    try {
      callback(...args);
    } catch (error) {
      logger.error({ err: error }, `${what} failed`);
    }
  };
}
