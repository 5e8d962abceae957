import { describe, expect, it } from "vitest";
import { INITIAL_RECONNECT_DELAY_MS, MAX_RECONNECT_DELAY_MS, RECONNECT_JITTER, reconnectDelay } from "./backoff";

const noJitter = () => 0.5;

describe("reconnectDelay", () => {
  it("doubles from the initial delay up to the cap", () => {
    const schedule = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => reconnectDelay(attempt, noJitter));
    expect(schedule).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
  });

  it("never exceeds the cap, even with jitter", () => {
    expect(reconnectDelay(50, () => 0.999)).toBe(MAX_RECONNECT_DELAY_MS);
  });

  it("spreads delays by the jitter fraction", () => {
    expect(reconnectDelay(1, () => 0)).toBe(INITIAL_RECONNECT_DELAY_MS * (1 - RECONNECT_JITTER));
    expect(reconnectDelay(1, () => 1)).toBe(INITIAL_RECONNECT_DELAY_MS * (1 + RECONNECT_JITTER));
  });

  it("treats attempt 0 like the first attempt", () => {
    expect(reconnectDelay(0, noJitter)).toBe(INITIAL_RECONNECT_DELAY_MS);
  });
});
