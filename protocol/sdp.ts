/**
 * SDP helpers shared by the test peers that play the browser with node-datachannel.
 *
 * libdatachannel (v0.24.5) hands a remote description to ICE before it stores it for the
 * DTLS fingerprint check; an offerer whose ICE connects in between (easily, when the CPU is
 * busy) fails DTLS with "certificate verify failed". Chrome, the offerer in production, has no
 * such gap. A libdatachannel offerer therefore applies the answer without its candidates,
 * adds them afterwards, and tells the agent its own candidates only then.
 */

/** An ICE candidate line without its "a=" prefix, and the mid of its media section. */
export interface SdpCandidate {
  readonly candidate: string;
  readonly mid: string;
}

/** The SDP without its candidate lines, and those candidates with their media's mid. */
export function withoutCandidates(sdp: string): { sdp: string; candidates: SdpCandidate[] } {
  const candidates: SdpCandidate[] = [];
  let mid = "0";
  const kept = sdp.split(/\r?\n/).filter((line) => {
    if (line.startsWith("a=mid:")) mid = line.slice("a=mid:".length);
    if (line.startsWith("a=candidate:")) candidates.push({ candidate: line.slice(2), mid });
    return !line.startsWith("a=candidate:") && line !== "a=end-of-candidates";
  });
  return { sdp: kept.join("\r\n"), candidates };
}
