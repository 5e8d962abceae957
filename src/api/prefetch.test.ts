import { afterEach, describe, expect, it, vi } from "vitest";
import { PREFETCH_TTL_MS, prefetch, takePrefetched } from "./prefetch";

const URL_A = "http://localhost:7080/api/v1/auth/me";

describe("prefetch", () => {
  afterEach(() => vi.useRealTimers());

  it("hands a prefetched response over once, and starts only one request per URL", async () => {
    const fetchImpl = vi.fn(async () => new Response("{}"));
    prefetch(URL_A, fetchImpl);
    prefetch(URL_A, fetchImpl);
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    expect(fetchImpl).toHaveBeenCalledWith(URL_A, expect.objectContaining({ credentials: "same-origin" }));
    const taken = takePrefetched(URL_A);
    expect(await taken).toBeInstanceOf(Response);
    expect(takePrefetched(URL_A)).toBeNull();
    expect(takePrefetched("http://localhost:7080/api/v1/setup")).toBeNull();
  });

  it("does not hand over a response older than its time to live", () => {
    vi.useFakeTimers();
    prefetch(URL_A, async () => new Response("{}"));
    vi.advanceTimersByTime(PREFETCH_TTL_MS + 1);
    expect(takePrefetched(URL_A)).toBeNull();
  });

  it("keeps a failed prefetch from becoming an unhandled rejection, and passes the failure on", async () => {
    prefetch(URL_A, async () => {
      throw new TypeError("offline");
    });
    await expect(takePrefetched(URL_A)).rejects.toThrow("offline");
  });
});
