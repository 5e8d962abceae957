import { fileURLToPath } from "node:url";
import type { RtcConfig } from "node-datachannel";
import type { Namespace } from "./Namespace.js";
import { NodeInNamespace } from "./NodeInNamespace.js";
import type { RtcPeerEvents, RtcPeerMethods } from "./probes/rtcPeerApi.js";

const SCRIPT = fileURLToPath(new URL("./probes/rtcPeer.ts", import.meta.url));

/** A node-datachannel peer running inside a namespace (probes/rtcPeer.ts); dispose() ends it. */
export type RtcPeer = NodeInNamespace<RtcPeerMethods, RtcPeerEvents>;

export function startRtcPeer(namespace: Namespace): Promise<RtcPeer> {
  return NodeInNamespace.start<RtcPeerMethods, RtcPeerEvents>(namespace, SCRIPT);
}

/**
 * Plays the signaling server between two peers (relays descriptions and candidates) and resolves
 * once the data channel is open on both; rejects if either connection fails.
 */
export function connectRtcPeers(
  offerer: { peer: RtcPeer; config: RtcConfig },
  answerer: { peer: RtcPeer; config: RtcConfig },
): Promise<void> {
  return new Promise((resolve, reject) => {
    let open = 0;
    const pairs = [
      [offerer.peer, answerer.peer],
      [answerer.peer, offerer.peer],
    ] as const;
    for (const [from, to] of pairs) {
      from.on("localDescription", (description) => to.request("setRemoteDescription", description).catch(reject));
      from.on("localCandidate", (candidate) => to.request("addRemoteCandidate", candidate).catch(reject));
      from.on("state", (state) => {
        if (state === "failed") reject(new Error(`${from.description}: connection failed\n${from.logs()}`));
      });
      from.on("channelOpen", () => {
        open += 1;
        if (open === 2) resolve();
      });
    }
    answerer.peer.request("start", { config: answerer.config, offerer: false }).catch(reject);
    offerer.peer.request("start", { config: offerer.config, offerer: true }).catch(reject);
  });
}

/**
 * Starts `peer` as an offerer with nobody answering and returns its local candidates once
 * gathering completes: which candidates an ICE server configuration yields.
 */
export function gatherCandidates(peer: RtcPeer, config: RtcConfig): Promise<string[]> {
  return new Promise((resolve, reject) => {
    peer.on("gatheringState", (state) => {
      if (state === "complete") peer.request("localCandidates", null).then(resolve, reject);
    });
    peer.request("start", { config, offerer: true }).catch(reject);
  });
}
