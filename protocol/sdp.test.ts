import { describe, expect, it } from "vitest";
import { withoutCandidates } from "./sdp.js";

describe("withoutCandidates", () => {
  it("takes the candidate lines out, with their media's mid, and keeps everything else", () => {
    const sdp = [
      "v=0",
      "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
      "a=mid:data",
      "a=candidate:1 1 UDP 2122317823 127.0.0.1 40730 typ host",
      "a=setup:passive",
      "a=candidate:2 1 UDP 2122317567 10.0.0.2 40731 typ host",
      "a=end-of-candidates",
      "",
    ].join("\r\n");
    const split = withoutCandidates(sdp);
    expect(split.sdp).toBe(
      ["v=0", "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "a=mid:data", "a=setup:passive", ""].join("\r\n"),
    );
    expect(split.candidates).toEqual([
      { candidate: "candidate:1 1 UDP 2122317823 127.0.0.1 40730 typ host", mid: "data" },
      { candidate: "candidate:2 1 UDP 2122317567 10.0.0.2 40731 typ host", mid: "data" },
    ]);
  });
});
