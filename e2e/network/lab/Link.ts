import { DelayWire } from "./DelayWire.js";
import type { Namespace } from "./Namespace.js";

/** One end of a link: a device in a namespace with its IPv4 address. */
export interface LinkEndSpec {
  readonly namespace: Namespace;
  /** Device name, unique only within its namespace (≤ 15 characters). */
  readonly device: string;
  /** "a.b.c.d/len" on a shared subnet, or "a.b.c.d" together with `peer` for a point-to-point link. */
  readonly address: string;
  /** The far end's address on a point-to-point link; the kernel adds a /32 route to it. */
  readonly peer?: string;
}

export interface LinkSpec {
  readonly a: LinkEndSpec;
  readonly b: LinkEndSpec;
  /** One-way delay, the same in each direction. 0 makes a plain veth pair. */
  readonly delayMs: number;
}

export type LinkEndName = "a" | "b";

/** Packets counted by one end's device since it was made. */
export interface PacketCounts {
  readonly received: number;
  readonly sent: number;
}

interface DeviceStats {
  stats64: { rx: { packets: number }; tx: { packets: number } };
}

/**
 * A link between two namespaces: a veth pair, or a DelayWire when it has a delay. It remembers
 * the static routes laid over it, because setting a device down makes the kernel delete them;
 * up() puts them back, so a flap ends where it began.
 */
export class Link {
  private readonly routes: { end: LinkEndName; route: readonly string[] }[] = [];

  private constructor(
    readonly a: LinkEndSpec,
    readonly b: LinkEndSpec,
    private readonly wire: DelayWire | undefined,
  ) {}

  static async create(spec: LinkSpec): Promise<Link> {
    const { a, b } = spec;
    let wire: DelayWire | undefined;
    if (spec.delayMs > 0) {
      wire = await DelayWire.create(a, b, spec.delayMs, spec.delayMs);
    } else {
      // Made inside a's namespace with its peer placed straight into b's: neither end ever
      // exists in the host's namespace.
      await a.namespace.ip([
        "link",
        "add",
        "name",
        a.device,
        "type",
        "veth",
        "peer",
        "name",
        b.device,
        "netns",
        b.namespace.name,
      ]);
    }
    const link = new Link(a, b, wire);
    try {
      for (const end of [a, b]) {
        const peer = end.peer === undefined ? [] : ["peer", end.peer];
        await end.namespace.ip(["addr", "add", end.address, ...peer, "dev", end.device]);
        await end.namespace.ip(["link", "set", "dev", end.device, "up"]);
      }
    } catch (error) {
      await link.dispose();
      throw error;
    }
    return link;
  }

  /** Adds a static route through this link at one end, e.g. `["default", "via", "198.51.100.1"]`. */
  async addRoute(end: LinkEndName, route: readonly string[]): Promise<void> {
    await this.routeCommand(end, "add", route);
    this.routes.push({ end, route });
  }

  /** Cuts the link: both devices down. Traffic is lost, NAT mappings (conntrack) stay. */
  async down(): Promise<void> {
    await this.a.namespace.ip(["link", "set", "dev", this.a.device, "down"]);
    await this.b.namespace.ip(["link", "set", "dev", this.b.device, "down"]);
  }

  /** Restores the link and the static routes the kernel dropped while it was down. */
  async up(): Promise<void> {
    await this.a.namespace.ip(["link", "set", "dev", this.a.device, "up"]);
    await this.b.namespace.ip(["link", "set", "dev", this.b.device, "up"]);
    for (const { end, route } of this.routes) await this.routeCommand(end, "replace", route);
  }

  async packetCounts(end: LinkEndName): Promise<PacketCounts> {
    const { namespace, device } = this[end];
    const { stdout } = await namespace.ip(["-s", "-j", "link", "show", "dev", device]);
    const [stats] = JSON.parse(stdout) as DeviceStats[];
    if (!stats) throw new Error(`no statistics for ${device} in ${namespace.name}`);
    return { received: stats.stats64.rx.packets, sent: stats.stats64.tx.packets };
  }

  /** Removes the link. A veth pair also goes when either namespace is deleted; a wire goes with its process. */
  async dispose(): Promise<void> {
    if (this.wire) {
      await this.wire.dispose();
      return;
    }
    const { stdout } = await this.a.namespace.ip(["-j", "link", "show"]);
    const devices = (JSON.parse(stdout) as { ifname: string }[]).map((device) => device.ifname);
    if (devices.includes(this.a.device)) await this.a.namespace.ip(["link", "delete", "dev", this.a.device]);
  }

  private async routeCommand(end: LinkEndName, verb: "add" | "replace", route: readonly string[]): Promise<void> {
    const { namespace, device } = this[end];
    await namespace.ip(["route", verb, ...route, "dev", device]);
  }
}
