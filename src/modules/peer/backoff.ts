/**
 * Reconnect delays: capped exponential backoff with jitter.
 *
 * The first retry comes quickly because most drops are blips (a Wi-Fi hand-over, the
 * gateway restarting). The cap keeps a terminal that waits for its workspace feeling alive
 * (a retry at most every 15 s) while a fleet of tabs cannot hammer a recovering gateway.
 * Jitter spreads the tabs of one user, and the users of one gateway, apart.
 */
export const INITIAL_RECONNECT_DELAY_MS = 500;
export const MAX_RECONNECT_DELAY_MS = 15_000;
/** ±20%: enough to de-synchronise clients, small enough that the schedule stays predictable. */
export const RECONNECT_JITTER = 0.2;

/**
 * Longest wait between attempts while the gateway cannot be reached at all (a dead link, a
 * gateway restarting). Such attempts cost the gateway nothing, since no socket was accepted,
 * and each one is bounded by the hello timeout, so the terminal notices a returning network
 * within a few seconds instead of after a long backoff.
 */
export const UNREACHABLE_MAX_RECONNECT_DELAY_MS = 2000;

/** The delay before reconnect attempt `attempt` (1-based). `random` is in [0, 1). */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const base = Math.min(MAX_RECONNECT_DELAY_MS, INITIAL_RECONNECT_DELAY_MS * 2 ** exponent);
  const jitter = 1 + RECONNECT_JITTER * (2 * random() - 1);
  return Math.round(Math.min(MAX_RECONNECT_DELAY_MS, base * jitter));
}
