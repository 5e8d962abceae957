import { describe, expect, it } from "vitest";
import { Backoff } from "./Backoff.js";

describe("Backoff", () => {
  it("doubles from the initial delay up to the cap", () => {
    const backoff = new Backoff({ initialDelayMs: 250, maxDelayMs: 15_000, random: () => 0.999999 });
    const delays = Array.from({ length: 10 }, () => backoff.next());
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000, 15_000]);
  });

  it("jitters within the upper half of each step", () => {
    const low = new Backoff({ initialDelayMs: 1000, random: () => 0 });
    expect([low.next(), low.next()]).toEqual([500, 1000]);
  });

  it("starts over after reset", () => {
    const backoff = new Backoff({ initialDelayMs: 100, random: () => 0.999999 });
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });
});
