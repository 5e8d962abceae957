import { describe, expect, it } from "vitest";
import { estimateTerminalSize, LAST_SIZE_KEY, rememberTerminalSize } from "./earlyPty";

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

const view = { innerWidth: 1280, innerHeight: 800 };

describe("estimateTerminalSize", () => {
  it("uses the monospace rule of thumb when nothing was measured for this window", () => {
    // (1280 - 10) / (14 × 0.6) = 151.2 columns; (800 - 46) / ceil(14 × 1.15) = 44.4 rows
    expect(estimateTerminalSize(view, memoryStorage())).toEqual({ cols: 151, rows: 44 });
    expect(estimateTerminalSize(view, null)).toEqual({ cols: 151, rows: 44 });
  });

  it("returns what xterm measured last time for a window of the same size", () => {
    const storage = memoryStorage();
    rememberTerminalSize({ cols: 150, rows: 42 }, view, storage);
    expect(estimateTerminalSize(view, storage)).toEqual({ cols: 150, rows: 42 });
    // Another window size: the remembered size says nothing about it.
    expect(estimateTerminalSize({ innerWidth: 800, innerHeight: 600 }, storage)).toEqual({ cols: 94, rows: 32 });
  });

  it("ignores a damaged or out-of-range entry", () => {
    const storage = memoryStorage();
    storage.setItem(LAST_SIZE_KEY, "{not json");
    expect(estimateTerminalSize(view, storage)).toEqual({ cols: 151, rows: 44 });
    storage.setItem(LAST_SIZE_KEY, JSON.stringify({ ...view, cols: 1e9, rows: -3 }));
    expect(estimateTerminalSize(view, storage)).toEqual({ cols: 151, rows: 44 });
    storage.setItem(LAST_SIZE_KEY, JSON.stringify({ ...view, cols: "150", rows: 42 }));
    expect(estimateTerminalSize(view, storage)).toEqual({ cols: 151, rows: 44 });
  });

  it("a storage that throws costs nothing but the memory", () => {
    const broken = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("quota");
      },
    };
    expect(() => rememberTerminalSize({ cols: 80, rows: 24 }, view, broken)).not.toThrow();
    expect(estimateTerminalSize(view, broken)).toEqual({ cols: 151, rows: 44 });
  });
});
