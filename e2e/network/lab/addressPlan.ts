/**
 * The lab's address plan. The "internet" uses the documentation ranges (RFC 5737), the LANs
 * behind the NAT routers use private ranges; every address exists only inside the lab's own
 * network namespaces, none of which is connected to the host's network.
 */

/** Addresses of the internet host (gateway, coturn, echo servers): two, so a test can reach two destinations. */
export const INTERNET_HOST_ADDRESSES = ["203.0.113.10", "203.0.113.11"] as const;

/** The internet side of every router uplink, like an ISP's gateway. */
export const INTERNET_GATEWAY_ADDRESS = "198.51.100.1";

/** A site: a NAT router with one public address and a LAN with one host behind it. */
export interface SitePlan {
  /** The router's public address: the NAT's external address on every egress link. */
  readonly publicAddress: string;
  /** The LAN prefix, CIDR. */
  readonly lan: string;
  /** The router's LAN address, the host's default gateway. */
  readonly routerLanAddress: string;
  /** The host's address on the LAN. */
  readonly hostAddress: string;
}

const LAN_PREFIX_LENGTH = 24;

export const OFFICE_PLAN: SitePlan = {
  publicAddress: "198.51.100.2",
  lan: `192.168.1.0/${LAN_PREFIX_LENGTH}`,
  routerLanAddress: "192.168.1.1",
  hostAddress: "192.168.1.10",
};

export const CLUSTER_PLAN: SitePlan = {
  publicAddress: "198.51.100.3",
  lan: `10.0.0.0/${LAN_PREFIX_LENGTH}`,
  routerLanAddress: "10.0.0.1",
  hostAddress: "10.0.0.10",
};

export function withPrefixLength(address: string): string {
  return `${address}/${LAN_PREFIX_LENGTH}`;
}

/** Every public address of the lab, as coturn peer ranges: the relay may reach these and nothing else. */
export const LAB_PUBLIC_RANGES = ["198.51.100.0-198.51.100.255", "203.0.113.0-203.0.113.255"] as const;
