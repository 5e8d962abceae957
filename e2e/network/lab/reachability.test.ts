import { afterAll, beforeAll, expect, it } from "vitest";
import { CLUSTER_PLAN, INTERNET_GATEWAY_ADDRESS, INTERNET_HOST_ADDRESSES, OFFICE_PLAN } from "./addressPlan.js";
import { describeAsRoot } from "./describeAsRoot.js";
import { type NetProbe, startNetProbe } from "./NetProbe.js";
import { NetworkLab } from "./NetworkLab.js";

/** A dropped packet never answers; on these undelayed links a real answer takes well under a millisecond. */
const NO_ANSWER_MS = 1_000;
/** Ports a scanner tries first (ssh, http, https, TURN). */
const WELL_KNOWN_PORTS = [22, 80, 443, 3478];

describeAsRoot("network lab: reachability", () => {
  let lab: NetworkLab;
  let internet: NetProbe;
  let office: NetProbe;
  let cluster: NetProbe;
  const [internetAddress] = INTERNET_HOST_ADDRESSES;

  beforeAll(async () => {
    lab = await NetworkLab.create();
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

  it("office and cluster reach the internet host over TCP and UDP, seen from their routers' public addresses", async () => {
    const tcp = await internet.request("listenTcp", { address: internetAddress, port: 0 });
    const udp = await internet.request("openUdp", { address: internetAddress, echo: true });
    for (const [probe, plan] of [
      [office, OFFICE_PLAN],
      [cluster, CLUSTER_PLAN],
    ] as const) {
      const connection = await probe.request("connectTcp", {
        address: internetAddress,
        port: tcp.port,
        timeoutMs: NO_ANSWER_MS,
      });
      expect(connection).toMatchObject({ connected: true, seenFrom: { address: plan.publicAddress } });
      const socket = await probe.request("openUdp", { echo: false });
      const replies = await probe.request("pingUdp", {
        socketId: socket.socketId,
        address: internetAddress,
        port: udp.port,
        count: 1,
        timeoutMs: NO_ANSWER_MS,
      });
      expect(replies.map((reply) => reply.seenFrom.address)).toEqual([plan.publicAddress]);
    }
  });

  it("the office cannot reach the cluster's private LAN address", async () => {
    const tcp = await cluster.request("listenTcp", { address: "0.0.0.0", port: 0 });
    const udp = await cluster.request("openUdp", { address: "0.0.0.0", echo: true });
    const connection = await office.request("connectTcp", {
      address: CLUSTER_PLAN.hostAddress,
      port: tcp.port,
      timeoutMs: NO_ANSWER_MS,
    });
    expect(connection.connected).toBe(false);
    const socket = await office.request("openUdp", { echo: false });
    const replies = await office.request("pingUdp", {
      socketId: socket.socketId,
      address: CLUSTER_PLAN.hostAddress,
      port: udp.port,
      count: 1,
      timeoutMs: NO_ANSWER_MS,
    });
    expect(replies).toEqual([]);
  });

  it("the internet cannot open a connection into either site, even with a route to its LAN", async () => {
    await office.request("listenTcp", { address: "0.0.0.0", port: 0 });
    await cluster.request("listenTcp", { address: "0.0.0.0", port: 0 });
    for (const site of [lab.office, lab.cluster]) {
      // What a scan could find, read from inside rather than scanned for (dropped probes are slow).
      const listening = (await site.host.listeningSockets()).filter((socket) => socket.protocol === "tcp");
      const ports = listening.map((socket) => socket.port);
      expect(ports.length).toBeGreaterThan(0);
      const unrouted = await internet.request("scanTcp", {
        address: site.plan.hostAddress,
        ports,
        timeoutMs: NO_ANSWER_MS,
      });
      expect(unrouted).toEqual([]);
      // As an ISP neighbour could: route the private LAN to the site's router. Its firewall still says no.
      await lab.internet.ip(["route", "add", site.plan.lan, "via", site.plan.publicAddress, "dev", site.name]);
      const [routed, router] = await Promise.all([
        internet.request("scanTcp", { address: site.plan.hostAddress, ports, timeoutMs: NO_ANSWER_MS }),
        internet.request("scanTcp", {
          address: site.plan.publicAddress,
          ports: [...WELL_KNOWN_PORTS, ...ports],
          timeoutMs: NO_ANSWER_MS,
        }),
      ]);
      expect(routed).toEqual([]);
      expect(router).toEqual([]);
    }
  });

  it("a flapped uplink loses traffic while down and carries it again once up", async () => {
    const udp = await internet.request("openUdp", { address: internetAddress, echo: true });
    const socket = await office.request("openUdp", { echo: false });
    const ping = () =>
      office.request("pingUdp", {
        socketId: socket.socketId,
        address: internetAddress,
        port: udp.port,
        count: 1,
        timeoutMs: NO_ANSWER_MS,
      });
    expect(await ping()).toHaveLength(1);
    await lab.office.uplink.down();
    expect(await ping()).toEqual([]);
    await lab.office.uplink.up();
    const replies = await ping();
    // The NAT mapping survived the flap: same public port as before.
    expect(replies.map((reply) => reply.seenFrom)).toEqual([{ address: OFFICE_PLAN.publicAddress, port: socket.port }]);
    const { stdout } = await lab.office.router.ip(["route", "show", "default"]);
    expect(stdout).toContain(`via ${INTERNET_GATEWAY_ADDRESS}`);
  });
});
