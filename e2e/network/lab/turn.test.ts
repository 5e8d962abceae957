import { setTimeout as sleep } from "node:timers/promises";
import type { IceServer, RtcConfig } from "node-datachannel";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { CLUSTER_PLAN, INTERNET_HOST_ADDRESSES, OFFICE_PLAN } from "./addressPlan.js";
import { Coturn, TURN_PORT, TURNS_PORT } from "./Coturn.js";
import { describeAsRoot } from "./describeAsRoot.js";
import { NetworkLab } from "./NetworkLab.js";
import type { SelectedPair } from "./probes/rtcPeerApi.js";
import { connectRtcPeers, gatherCandidates, type RtcPeer, startRtcPeer } from "./RtcPeer.js";

const [TURN_ADDRESS] = INTERNET_HOST_ADDRESSES;

/**
 * The benchmark's topology: each site 40 ms from the internet, 5 ms from the other. libjuice
 * selects the first pair whose checks succeed and switches only to a better pair that succeeds
 * before its 2 s nomination timeout; without these delays, on two busy cores, a pair through the
 * relay sometimes won for good. With them a direct pair's checks finish long before any relayed one.
 */
const UPLINK_DELAY_MS = 40;
const DIRECT_DELAY_MS = 5;

/** A relayed pair may still be selected first and replaced by the direct one; it is awaited this long. */
const ICE_SETTLE_MS = 5_000;
const ICE_SETTLE_POLL_MS = 100;

const REFLEXIVE = /^(srflx|prflx)$/;

function candidateType(candidate: string): string | undefined {
  return / typ (\w+)/.exec(candidate)?.[1];
}

describeAsRoot("network lab: coturn and node-datachannel peers", () => {
  let lab: NetworkLab;
  let coturn: Coturn;
  const peers: RtcPeer[] = [];

  /** STUN and TURN/UDP on coturn, in node-datachannel's object form (see README for why not URLs). */
  function iceServers(): IceServer[] {
    const { username, credential } = coturn.credentials("lab-test");
    return [
      { hostname: TURN_ADDRESS, port: TURN_PORT },
      { hostname: TURN_ADDRESS, port: TURN_PORT, username, password: credential, relayType: "TurnUdp" },
    ];
  }

  async function peerIn(site: "office" | "cluster"): Promise<RtcPeer> {
    const peer = await startRtcPeer(lab[site].host);
    peers.push(peer);
    return peer;
  }

  async function exchangeMessage(from: RtcPeer, to: RtcPeer): Promise<string> {
    const received = new Promise<string>((resolve) => to.on("message", resolve));
    await from.request("send", { text: "hello across the lab" });
    return received;
  }

  /** The selected pair once `settled` holds for it, or the last one seen after ICE_SETTLE_MS. */
  async function settledPair(peer: RtcPeer, settled: (pair: SelectedPair) => boolean): Promise<SelectedPair | null> {
    const deadline = Date.now() + ICE_SETTLE_MS;
    let pair = await peer.request("selectedPair", null);
    while ((!pair || !settled(pair)) && Date.now() < deadline) {
      await sleep(ICE_SETTLE_POLL_MS);
      pair = await peer.request("selectedPair", null);
    }
    return pair;
  }

  beforeAll(async () => {
    lab = await NetworkLab.create({
      office: { uplinkDelayMs: UPLINK_DELAY_MS },
      cluster: { uplinkDelayMs: UPLINK_DELAY_MS },
      directLink: { delayMs: DIRECT_DELAY_MS },
    });
    coturn = await Coturn.start(lab.internet, { address: TURN_ADDRESS });
  });

  afterEach(async () => {
    await Promise.all(peers.splice(0).map((peer) => peer.dispose()));
  });

  afterAll(async () => {
    await coturn?.dispose();
    await lab?.dispose();
  });

  it("coturn listens on UDP and TCP 3478 and TLS 5349, and nothing else", async () => {
    const sockets = new Set(await coturn.listeningSockets());
    expect(sockets).toEqual(new Set([`udp:${TURN_PORT}`, `tcp:${TURN_PORT}`, `tcp:${TURNS_PORT}`]));
  });

  it("behind endpoint-independent NATs the peers connect directly, not through the relay", async () => {
    const [office, cluster] = await Promise.all([peerIn("office"), peerIn("cluster")]);
    const config: RtcConfig = { iceServers: iceServers() };
    await connectRtcPeers({ peer: office, config }, { peer: cluster, config });
    expect(await exchangeMessage(office, cluster)).toBe("hello across the lab");
    const pair = await settledPair(office, ({ local, remote }) => local.type !== "relay" && remote.type !== "relay");
    // The sites share no LAN, so a direct pair means NAT traversal: server- or peer-reflexive
    // candidates, the two routers' public addresses.
    expect(pair?.local).toMatchObject({ type: expect.stringMatching(REFLEXIVE), address: OFFICE_PLAN.publicAddress });
    expect(pair?.remote).toMatchObject({ type: expect.stringMatching(REFLEXIVE), address: CLUSTER_PLAN.publicAddress });
  });

  it("with iceTransportPolicy relay the pair runs through coturn", async () => {
    const [office, cluster] = await Promise.all([peerIn("office"), peerIn("cluster")]);
    const config: RtcConfig = { iceServers: iceServers(), iceTransportPolicy: "relay" };
    await connectRtcPeers({ peer: office, config }, { peer: cluster, config });
    expect(await exchangeMessage(cluster, office)).toBe("hello across the lab");
    const pair = await office.request("selectedPair", null);
    expect(pair?.local).toMatchObject({ type: "relay", address: TURN_ADDRESS });
    expect(pair?.remote).toMatchObject({ type: "relay", address: TURN_ADDRESS });
  });

  it("a REST username (with ':') works in a TURN URL only percent-encoded; the object form needs no encoding", async () => {
    const { username, credential } = coturn.credentials("lab-test");
    const url = (user: string, password: string) =>
      `turn:${user}:${password}@${TURN_ADDRESS}:${TURN_PORT}?transport=udp`;
    const relayCandidates = async (server: string) => {
      const candidates = await gatherCandidates(await peerIn("office"), {
        iceServers: [server],
        iceTransportPolicy: "relay",
      });
      return candidates.filter((candidate) => candidateType(candidate) === "relay");
    };
    // Unencoded, libdatachannel takes the username up to its ':' and coturn refuses it.
    expect(await relayCandidates(url(username, credential))).toEqual([]);
    expect(await relayCandidates(url(encodeURIComponent(username), encodeURIComponent(credential)))).toHaveLength(1);
  });

  it("node-datachannel (libjuice) gathers no relay candidate over TURN/TCP or TURN/TLS", async () => {
    const { username, credential } = coturn.credentials("lab-test");
    for (const [relayType, port] of [
      ["TurnTcp", TURN_PORT],
      ["TurnTls", TURNS_PORT],
    ] as const) {
      const server: IceServer = { hostname: TURN_ADDRESS, port, username, password: credential, relayType };
      const candidates = await gatherCandidates(await peerIn("office"), {
        iceServers: [server],
        iceTransportPolicy: "relay",
      });
      expect(candidates).toEqual([]);
    }
  });
});
