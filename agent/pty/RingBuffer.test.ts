import { describe, expect, it } from "vitest";
import { RingBuffer } from "./RingBuffer.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe("RingBuffer", () => {
  it("is empty at first", () => {
    const ring = new RingBuffer(8);
    expect(ring.size).toBe(0);
    expect(ring.snapshot()).toEqual(new Uint8Array(0));
  });

  it("keeps everything while under capacity, in order", () => {
    const ring = new RingBuffer(8);
    ring.write(bytes("abc"));
    ring.write(bytes("de"));
    expect(text(ring.snapshot())).toBe("abcde");
    expect(ring.size).toBe(5);
  });

  it("keeps exactly the newest bytes once it wraps around", () => {
    const ring = new RingBuffer(8);
    ring.write(bytes("abcdef"));
    ring.write(bytes("ghij"));
    expect(text(ring.snapshot())).toBe("cdefghij");
    ring.write(bytes("k"));
    expect(text(ring.snapshot())).toBe("defghijk");
    expect(ring.size).toBe(8);
  });

  it("keeps the tail of a write larger than its capacity", () => {
    const ring = new RingBuffer(4);
    ring.write(bytes("xy"));
    ring.write(bytes("0123456789"));
    expect(text(ring.snapshot())).toBe("6789");
    ring.write(bytes("ab"));
    expect(text(ring.snapshot())).toBe("89ab");
  });

  it("matches a naive model across many wraparounds", () => {
    const capacity = 37;
    const ring = new RingBuffer(capacity);
    let model: number[] = [];
    let next = 0;
    for (let round = 0; round < 500; round++) {
      const chunk = Array.from({ length: (round * 7) % 50 }, () => next++ % 256);
      ring.write(Uint8Array.from(chunk));
      model = [...model, ...chunk].slice(-capacity);
      expect(Array.from(ring.snapshot())).toEqual(model);
    }
  });

  it("returns a copy that later writes do not change", () => {
    const ring = new RingBuffer(4);
    ring.write(bytes("abcd"));
    const snapshot = ring.snapshot();
    ring.write(bytes("zz"));
    expect(text(snapshot)).toBe("abcd");
  });

  it("refuses a non-positive capacity", () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});
