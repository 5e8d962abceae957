import { afterAll, beforeAll, expect, it } from "vitest";
import { CLUSTER_PLAN, INTERNET_HOST_ADDRESSES, OFFICE_PLAN } from "./addressPlan.js";
import { describeAsRoot } from "./describeAsRoot.js";
import { type NetProbe, startNetProbe } from "./NetProbe.js";
import { NetworkLab } from "./NetworkLab.js";

/** The benchmark's topology: sites far from the internet host, close to each other. */
const UPLINK_DELAY_MS = 40;
const DIRECT_DELAY_MS = 5;
const PINGS = 5;
/** Far longer than any round trip here (80 ms at most), so a missing reply means loss. */
const REPLY_TIMEOUT_MS = 2_000;
/** Timer and scheduling slack allowed below the configured round trip; only lower bounds are asserted. */
const SLACK_MS = 1;

describeAsRoot("network lab: link delays", () => {
  let lab: NetworkLab;
  let internet: NetProbe;
  let office: NetProbe;
  let cluster: NetProbe;

  beforeAll(async () => {
    lab = await NetworkLab.create({
      office: { uplinkDelayMs: UPLINK_DELAY_MS },
      cluster: { uplinkDelayMs: UPLINK_DELAY_MS },
      directLink: { delayMs: DIRECT_DELAY_MS },
    });
    [internet, office, cluster] = await Promise.all([
      startNetProbe(lab.internet),
      startNetProbe(lab.office.host),
      startNetProbe(lab.cluster.host),
    ]);
  });

  afterAll(async () => {
    await Promise.all([internet, office, cluster].map((probe) => probe?.dispose()));
    await lab?.dispose();
  });

  it("a UDP round trip office ↔ internet takes at least the two uplink delays", async () => {
    const [address] = INTERNET_HOST_ADDRESSES;
    const echo = await internet.request("openUdp", { address, echo: true });
    const socket = await office.request("openUdp", { echo: false });
    const replies = await office.request("pingUdp", {
      socketId: socket.socketId,
      address,
      port: echo.port,
      count: PINGS,
      timeoutMs: REPLY_TIMEOUT_MS,
    });
    expect(replies).toHaveLength(PINGS);
    const fastest = Math.min(...replies.map((reply) => reply.rttMs));
    expect(fastest).toBeGreaterThanOrEqual(2 * UPLINK_DELAY_MS - SLACK_MS);
  });

  it("office ↔ cluster between public addresses takes the short direct link, mapped like towards the internet", async () => {
    const echo = await cluster.request("openUdp", { echo: true });
    const socket = await office.request("openUdp", { echo: false });
    // The cluster sends first, opening its NAT towards the office's public address and port
    // (its router drops it, as a NAT router drops anything unasked); then the office's pings pass.
    await cluster.request("sendUdp", {
      socketId: echo.socketId,
      address: OFFICE_PLAN.publicAddress,
      port: socket.port,
    });
    const directBefore = await lab.directLink?.packetCounts("a");
    const uplinkBefore = await lab.office.uplink.packetCounts("a");
    const replies = await office.request("pingUdp", {
      socketId: socket.socketId,
      address: CLUSTER_PLAN.publicAddress,
      port: echo.port,
      count: PINGS,
      timeoutMs: REPLY_TIMEOUT_MS,
    });
    const directAfter = await lab.directLink?.packetCounts("a");
    const uplinkAfter = await lab.office.uplink.packetCounts("a");

    expect(replies).toHaveLength(PINGS);
    expect(replies[0]?.seenFrom).toEqual({ address: OFFICE_PLAN.publicAddress, port: socket.port });
    expect(Math.min(...replies.map((reply) => reply.rttMs))).toBeGreaterThanOrEqual(2 * DIRECT_DELAY_MS - SLACK_MS);
    expect((directAfter?.sent ?? 0) - (directBefore?.sent ?? 0)).toBeGreaterThanOrEqual(PINGS);
    expect((directAfter?.received ?? 0) - (directBefore?.received ?? 0)).toBeGreaterThanOrEqual(PINGS);
    expect(uplinkAfter.sent - uplinkBefore.sent).toBeLessThan(PINGS);
  });
});
