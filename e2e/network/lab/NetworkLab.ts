import {
  CLUSTER_PLAN,
  INTERNET_GATEWAY_ADDRESS,
  INTERNET_HOST_ADDRESSES,
  OFFICE_PLAN,
  type SitePlan,
  withPrefixLength,
} from "./addressPlan.js";
import { Link, type LinkSpec } from "./Link.js";
import { Namespace } from "./Namespace.js";
import { requireRoot } from "./requireRoot.js";
import { type EgressPolicy, type NatBehaviour, routerIptables } from "./routerFirewall.js";
import { markRunActive, markRunEnded, namespaceName, newRunId, runPrefix } from "./runIds.js";
import { sweepStaleLabs } from "./sweepStaleLabs.js";

/**
 * The network lab: an "internet" namespace (the gateway's and coturn's host, and the core router
 * between sites) and two sites, "office" (the browser) and "cluster" (the agent), each a host on
 * a LAN behind its own NAT router. Optionally a short direct link joins the two routers. See
 * README.md for the diagram and address plan. Needs root; nothing touches the host's network.
 */

export interface SiteOptions {
  /** Default "endpoint-independent". */
  readonly nat?: NatBehaviour;
  /** Default "open". */
  readonly egress?: EgressPolicy;
  /** One-way delay of the uplink to the internet, each direction. Default 0. */
  readonly uplinkDelayMs?: number;
  /** TCP ports the site's LAN may not connect to (anywhere). Default none. */
  readonly tcpBlockedPorts?: readonly number[];
}

/** What `reconfigure` may change on a running lab: the routers' NAT and firewall, not links. */
export type SiteFirewallOptions = Pick<SiteOptions, "nat" | "egress" | "tcpBlockedPorts">;

export interface FirewallOptions {
  readonly office?: SiteFirewallOptions;
  readonly cluster?: SiteFirewallOptions;
  readonly blockUdpBetweenSites?: boolean;
}

export interface NetworkLabOptions {
  readonly office?: SiteOptions;
  readonly cluster?: SiteOptions;
  /** A link between the two routers, so traffic between their public addresses skips the internet. */
  readonly directLink?: { readonly delayMs: number };
  /** Drop UDP from each site to the other's public address, on every path: no direct UDP pair. */
  readonly blockUdpBetweenSites?: boolean;
  /** Names the run's namespaces; a fresh one by default. */
  readonly runId?: string;
}

export type SiteName = "office" | "cluster";

/** A site: one host on a LAN behind a NAT router. */
export interface Site {
  readonly name: SiteName;
  readonly plan: SitePlan;
  /** Where the site's program runs (the browser in the office, the agent in the cluster). */
  readonly host: Namespace;
  readonly router: Namespace;
  readonly lan: Link;
  /** The router's link to the internet. */
  readonly uplink: Link;
}

/** Device names inside the namespaces (each ≤ 15 characters, unique only within its namespace). */
const DEVICE = { hostLan: "eth0", routerLan: "lan", routerUplink: "wan", direct: "direct" } as const;

export class NetworkLab {
  readonly internetHostAddresses = INTERNET_HOST_ADDRESSES;
  private readonly namespaces: Namespace[] = [];
  private readonly links: Link[] = [];
  private disposed = false;
  private internetNamespace: Namespace | undefined;
  private readonly sites = new Map<SiteName, Site>();
  /** Hosts moved off their planned LAN address by `moveHost`. */
  private readonly movedHosts = new Map<SiteName, string>();
  private directRouterLink: Link | undefined;
  private firewall: Required<FirewallOptions> = { office: {}, cluster: {}, blockUdpBetweenSites: false };

  private constructor(readonly runId: string) {}

  /** Builds the whole topology; on any failure removes what it made before rethrowing. */
  static async create(options: NetworkLabOptions = {}): Promise<NetworkLab> {
    const notRoot = requireRoot();
    if (notRoot !== undefined) throw new Error(notRoot);
    const lab = new NetworkLab(options.runId ?? newRunId());
    markRunActive(lab.runId);
    try {
      await sweepStaleLabs();
      await lab.build(options);
    } catch (error) {
      await lab.dispose();
      throw error;
    }
    return lab;
  }

  /** Prefix of every namespace of this run (for `ip netns list` checks). */
  get namespacePrefix(): string {
    return runPrefix(this.runId);
  }

  /** The internet host: run the gateway and coturn here, on `internetHostAddresses`. */
  get internet(): Namespace {
    return required(this.internetNamespace, "internet namespace");
  }

  get office(): Site {
    return required(this.sites.get("office"), "office site");
  }

  get cluster(): Site {
    return required(this.sites.get("cluster"), "cluster site");
  }

  /** The link between the two routers, if the lab was made with one. */
  get directLink(): Link | undefined {
    return this.directRouterLink;
  }

  /**
   * Replaces both routers' NAT and firewall rules at once (atomically per router). What is
   * not given keeps its value; a site's options replace that site's previous ones. Flows
   * already tracked keep their NAT mappings; new sockets (a new peer connection) get the new
   * behaviour, so one lab can serve scenarios that differ only in NAT and filtering.
   */
  async reconfigure(options: FirewallOptions): Promise<void> {
    this.firewall = { ...this.firewall, ...options };
    await this.applyFirewall();
  }

  /**
   * An outage at one site: its router's uplink and the direct link go down, so it reaches
   * neither the internet nor the other site. Packets are lost; NAT mappings are kept.
   */
  async cutOff(site: SiteName): Promise<void> {
    await this[site].uplink.down();
    await this.directRouterLink?.down();
  }

  /**
   * NAT rebinding at one site: its router forgets every mapping (a conntrack flush), as a home
   * router does when it reboots or a carrier-grade NAT when a mapping times out. Behind a
   * symmetric NAT the next packet of each flow leaves from a new public port; the far end sees
   * the same peer at a new address, and what it sends to the old one is lost.
   */
  async rebind(site: SiteName): Promise<void> {
    await this[site].router.exec("conntrack", ["--flush"]);
  }

  /**
   * A network change at one site: its host's LAN address changes, as when a laptop joins
   * another network or gets a new lease. Sockets bound to the old address are dead, and the
   * router sees a new host; the browser notices the interface change itself.
   */
  async moveHost(site: SiteName, address: string): Promise<void> {
    const { host, plan } = this[site];
    const current = this.movedHosts.get(site) ?? plan.hostAddress;
    if (address === current) return;
    // Deleting the old (primary) address must not take the new one in the same subnet with it.
    await host.sysctl({ [`net.ipv4.conf.${DEVICE.hostLan}.promote_secondaries`]: "1" });
    await host.exec("ip", ["address", "add", withPrefixLength(address), "dev", DEVICE.hostLan]);
    await host.exec("ip", ["address", "del", withPrefixLength(current), "dev", DEVICE.hostLan]);
    await host.exec("ip", ["route", "replace", "default", "via", plan.routerLanAddress]);
    this.movedHosts.set(site, address);
  }

  /** Ends `cutOff`: the links are up again and their static routes restored. */
  async restore(site: SiteName): Promise<void> {
    await this[site].uplink.up();
    await this.directRouterLink?.up();
  }

  /** Ends every process in the lab's namespaces and removes all it made; safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const results = [
      ...(await Promise.allSettled(this.links.map((link) => link.dispose()))),
      ...(await Promise.allSettled(this.namespaces.map((namespace) => namespace.dispose()))),
    ];
    markRunEnded(this.runId);
    const errors = results.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
    if (errors.length > 0) throw new AggregateError(errors, `network lab ${this.runId} was not fully removed`);
  }

  private async build(options: NetworkLabOptions): Promise<void> {
    const internet = await this.namespace("internet");
    this.internetNamespace = internet;
    await internet.sysctl({ "net.ipv4.ip_forward": "1" });
    for (const address of INTERNET_HOST_ADDRESSES) await internet.ip(["addr", "add", `${address}/32`, "dev", "lo"]);

    const office = await this.site("office", OFFICE_PLAN, options.office ?? {});
    const cluster = await this.site("cluster", CLUSTER_PLAN, options.cluster ?? {});
    if (options.directLink) {
      this.directRouterLink = await this.link({
        a: {
          namespace: office.router,
          device: DEVICE.direct,
          address: office.plan.publicAddress,
          peer: cluster.plan.publicAddress,
        },
        b: {
          namespace: cluster.router,
          device: DEVICE.direct,
          address: cluster.plan.publicAddress,
          peer: office.plan.publicAddress,
        },
        delayMs: options.directLink.delayMs,
      });
    }
    this.firewall = {
      office: options.office ?? {},
      cluster: options.cluster ?? {},
      blockUdpBetweenSites: options.blockUdpBetweenSites ?? false,
    };
    await this.applyFirewall();
  }

  private async applyFirewall(): Promise<void> {
    const egressDevices = this.directRouterLink ? [DEVICE.routerUplink, DEVICE.direct] : [DEVICE.routerUplink];
    for (const [site, other] of [
      [this.office, this.cluster],
      [this.cluster, this.office],
    ] as const) {
      const siteOptions = this.firewall[site.name];
      await site.router.restoreIptables(
        routerIptables({
          lanDevice: DEVICE.routerLan,
          lan: site.plan.lan,
          publicAddress: site.plan.publicAddress,
          egressDevices,
          nat: siteOptions.nat ?? "endpoint-independent",
          egress: siteOptions.egress ?? "open",
          udpBlockedDestinations: this.firewall.blockUdpBetweenSites ? [other.plan.publicAddress] : [],
          tcpBlockedPorts: siteOptions.tcpBlockedPorts ?? [],
        }),
      );
    }
  }

  private async site(name: SiteName, plan: SitePlan, options: SiteOptions): Promise<Site> {
    const router = await this.namespace(`${name}-router`);
    await router.sysctl({ "net.ipv4.ip_forward": "1" });
    const host = await this.namespace(name);
    const lan = await this.link({
      a: { namespace: router, device: DEVICE.routerLan, address: withPrefixLength(plan.routerLanAddress) },
      b: { namespace: host, device: DEVICE.hostLan, address: withPrefixLength(plan.hostAddress) },
      delayMs: 0,
    });
    await lan.addRoute("b", ["default", "via", plan.routerLanAddress]);
    const uplink = await this.link({
      a: {
        namespace: router,
        device: DEVICE.routerUplink,
        address: plan.publicAddress,
        peer: INTERNET_GATEWAY_ADDRESS,
      },
      b: { namespace: this.internet, device: name, address: INTERNET_GATEWAY_ADDRESS, peer: plan.publicAddress },
      delayMs: options.uplinkDelayMs ?? 0,
    });
    await uplink.addRoute("a", ["default", "via", INTERNET_GATEWAY_ADDRESS]);
    const site: Site = { name, plan, host, router, lan, uplink };
    this.sites.set(name, site);
    return site;
  }

  private async namespace(role: string): Promise<Namespace> {
    const namespace = await Namespace.create(namespaceName(this.runId, role));
    this.namespaces.push(namespace);
    return namespace;
  }

  private async link(spec: LinkSpec): Promise<Link> {
    const link = await Link.create(spec);
    this.links.push(link);
    return link;
  }
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the network lab has no ${what} (not built, or disposed)`);
  return value;
}
