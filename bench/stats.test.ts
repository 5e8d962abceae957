import { describe, expect, it } from "vitest";
import { percentile, summarize } from "./stats.js";

describe("summarize", () => {
  it("uses nearest-rank percentiles", () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    const summary = summarize(samples);
    expect(summary).toEqual({ count: 100, min: 1, p50: 50, p99: 99, max: 100 });
  });

  it("handles a single sample and refuses none", () => {
    expect(summarize([7]).p99).toBe(7);
    expect(() => percentile([], 50)).toThrow("no samples");
  });
});
