import { afterAll, beforeAll, expect, it } from "vitest";
import { INTERNET_HOST_ADDRESSES, OFFICE_PLAN } from "./addressPlan.js";
import { describeAsRoot } from "./describeAsRoot.js";
import { type NetProbe, startNetProbe } from "./NetProbe.js";
import { NetworkLab, type NetworkLabOptions } from "./NetworkLab.js";
import type { SeenFrom } from "./probes/netProbeApi.js";

/** Undelayed links answer in well under a millisecond; a missing answer means the packet was dropped. */
const NO_ANSWER_MS = 1_000;

/** A lab with echo servers on the internet host: two ports on one address, one port on the other. */
class NatObservation {
  private constructor(
    readonly lab: NetworkLab,
    readonly internet: NetProbe,
    private readonly targets: { address: string; port: number }[],
  ) {}

  static async create(options: NetworkLabOptions): Promise<NatObservation> {
    const lab = await NetworkLab.create(options);
    const internet = await startNetProbe(lab.internet).catch(async (error) => {
      await lab.dispose();
      throw error;
    });
    const [first, second] = INTERNET_HOST_ADDRESSES;
    const targets = [];
    for (const address of [first, first, second]) {
      const { port } = await internet.request("openUdp", { address, echo: true });
      targets.push({ address, port });
    }
    return new NatObservation(lab, internet, targets);
  }

  /** From one UDP socket on the host, the source each echo server saw (null: no answer). */
  async mappings(probe: NetProbe): Promise<{ localPort: number; seen: (SeenFrom | null)[] }> {
    const socket = await probe.request("openUdp", { echo: false });
    const seen = [];
    for (const target of this.targets) {
      const replies = await probe.request("pingUdp", {
        ...target,
        socketId: socket.socketId,
        count: 1,
        timeoutMs: NO_ANSWER_MS,
      });
      seen.push(replies[0]?.seenFrom ?? null);
    }
    return { localPort: socket.port, seen };
  }

  async dispose(): Promise<void> {
    await this.internet.dispose();
    await this.lab.dispose();
  }
}

describeAsRoot("network lab: NAT behaviour seen from the internet", () => {
  let natural: NatObservation;
  let strict: NatObservation;
  let office: NetProbe;
  let strictOffice: NetProbe;
  let strictCluster: NetProbe;

  beforeAll(async () => {
    natural = await NatObservation.create({});
    strict = await NatObservation.create({ office: { nat: "symmetric" }, cluster: { egress: "tcp-only" } });
    [office, strictOffice, strictCluster] = await Promise.all([
      startNetProbe(natural.lab.office.host),
      startNetProbe(strict.lab.office.host),
      startNetProbe(strict.lab.cluster.host),
    ]);
  });

  afterAll(async () => {
    await Promise.all([office, strictOffice, strictCluster].map((probe) => probe?.dispose()));
    await Promise.all([natural, strict].map((observation) => observation?.dispose()));
  });

  it("endpoint-independent: one public address and the same, preserved port towards every destination", async () => {
    const { localPort, seen } = await natural.mappings(office);
    const expected = { address: OFFICE_PLAN.publicAddress, port: localPort };
    expect(seen).toEqual([expected, expected, expected]);
  });

  it("symmetric: a different public port towards each destination", async () => {
    const { seen } = await strict.mappings(strictOffice);
    expect(seen.map((mapping) => mapping?.address)).toEqual(Array(3).fill(OFFICE_PLAN.publicAddress));
    expect(new Set(seen.map((mapping) => mapping?.port)).size).toBe(3);
  });

  it("tcp-only egress: UDP to the internet is dropped, TCP passes", async () => {
    const { seen } = await strict.mappings(strictCluster);
    expect(seen).toEqual([null, null, null]);
    const [address] = INTERNET_HOST_ADDRESSES;
    const { port } = await strict.internet.request("listenTcp", { address, port: 0 });
    const connection = await strictCluster.request("connectTcp", { address, port, timeoutMs: NO_ANSWER_MS });
    expect(connection.connected).toBe(true);
  });
});
