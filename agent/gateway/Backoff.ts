/**
 * First reconnect delay: long enough that a gateway restarting under a fleet of agents is
 * not hammered, short enough that a blip is invisible to the person at the terminal.
 */
export const INITIAL_RECONNECT_DELAY_MS = 250;

/**
 * Longest reconnect delay. While the gateway is down, a new browser connection can only
 * start once the agent is back, so waiting longer than this would be felt by users.
 */
export const MAX_RECONNECT_DELAY_MS = 15_000;

export interface BackoffOptions {
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A source of numbers in [0, 1); injectable for tests. */
  readonly random?: () => number;
}

/**
 * Capped exponential backoff with jitter: each delay is drawn from the upper half of the
 * current step, so many agents cut off together (a gateway restart) spread their retries
 * instead of all arriving at once.
 */
export class Backoff {
  private attempt = 0;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialDelayMs = options.initialDelayMs ?? INITIAL_RECONNECT_DELAY_MS;
    this.maxDelayMs = options.maxDelayMs ?? MAX_RECONNECT_DELAY_MS;
    this.random = options.random ?? Math.random;
  }

  /** The delay before the next attempt; each call moves one step further. */
  next(): number {
    const step = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** this.attempt);
    if (step < this.maxDelayMs) this.attempt++;
    return Math.round(step / 2 + (this.random() * step) / 2);
  }

  reset(): void {
    this.attempt = 0;
  }
}
