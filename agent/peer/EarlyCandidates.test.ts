import { describe, expect, it } from "vitest";
import { EarlyCandidates } from "./EarlyCandidates.js";

const candidate = (n: number) => ({ candidate: `candidate:${n} 1 udp 1 10.0.0.1 ${1000 + n} typ host`, sdpMid: "0" });

describe("EarlyCandidates", () => {
  it("holds candidates per connection until taken", () => {
    const early = new EarlyCandidates();
    early.add("a", candidate(1));
    early.add("b", candidate(2));
    early.add("a", candidate(3));
    expect(early.take("a")).toEqual([candidate(1), candidate(3)]);
    expect(early.take("a")).toEqual([]);
    expect(early.take("b")).toEqual([candidate(2)]);
  });

  it("drops the oldest connection when too many wait", () => {
    const early = new EarlyCandidates();
    for (let n = 0; n < 17; n++) early.add(`c${n}`, candidate(n));
    expect(early.take("c0")).toEqual([]);
    expect(early.take("c16")).toEqual([candidate(16)]);
  });
});
