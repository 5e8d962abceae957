/**
 * A NAT router's iptables rules as one iptables-restore document, applied atomically.
 *
 * Mapping: SNAT to the router's one public address on every egress link. Without a port range,
 * Linux keeps the source port whenever that tuple is free, so one LAN socket gets the same
 * public address and port towards every destination: endpoint-independent mapping, and ICE's
 * server-reflexive candidate is valid for any peer. `--random-fully` picks a fresh random port
 * for each new connection (each destination): a symmetric NAT.
 *
 * Filtering: conntrack only lets in replies to what the LAN sent (address- and port-dependent
 * filtering, the common home-router behaviour). Unsolicited packets to the router are dropped
 * in filter INPUT, so their conntrack entries are never confirmed and cannot steal the port a
 * later outbound packet would be mapped to (which would break port preservation mid-punch).
 */

export type NatBehaviour = "endpoint-independent" | "symmetric";

/** What the LAN may send out: anything, anything but UDP, or TCP only. */
export type EgressPolicy = "open" | "udp-blocked" | "tcp-only";

export interface RouterFirewallSpec {
  readonly lanDevice: string;
  /** The LAN prefix, CIDR. */
  readonly lan: string;
  readonly publicAddress: string;
  /** Every device towards the outside: the uplink and, if present, the direct router link. */
  readonly egressDevices: readonly string[];
  readonly nat: NatBehaviour;
  readonly egress: EgressPolicy;
  /** Destinations the LAN may not send UDP to (the other site, to take away the direct path). */
  readonly udpBlockedDestinations: readonly string[];
  /** TCP ports the LAN may not connect to anywhere (e.g. TURN/TCP's 3478, leaving TURN/TLS). */
  readonly tcpBlockedPorts?: readonly number[];
}

export function routerIptables(spec: RouterFirewallSpec): string {
  const snatTarget =
    spec.nat === "symmetric"
      ? `SNAT --to-source ${spec.publicAddress} --random-fully`
      : `SNAT --to-source ${spec.publicAddress}`;
  const lanIn = `-i ${spec.lanDevice}`;
  return [
    "*nat",
    ":PREROUTING ACCEPT [0:0]",
    ":INPUT ACCEPT [0:0]",
    ":OUTPUT ACCEPT [0:0]",
    ":POSTROUTING ACCEPT [0:0]",
    ...spec.egressDevices.map((device) => `-A POSTROUTING -s ${spec.lan} -o ${device} -j ${snatTarget}`),
    "COMMIT",
    "*filter",
    ":INPUT DROP [0:0]",
    ":FORWARD DROP [0:0]",
    ":OUTPUT ACCEPT [0:0]",
    "-A INPUT -i lo -j ACCEPT",
    "-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
    `-A INPUT ${lanIn} -j ACCEPT`,
    "-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
    ...spec.udpBlockedDestinations.map((address) => `-A FORWARD ${lanIn} -d ${address} -p udp -j DROP`),
    ...(spec.tcpBlockedPorts ?? []).map((port) => `-A FORWARD ${lanIn} -p tcp --dport ${port} -j DROP`),
    ...egressRules(lanIn, spec.egress),
    `-A FORWARD ${lanIn} -j ACCEPT`,
    "COMMIT",
    "",
  ].join("\n");
}

function egressRules(lanIn: string, egress: EgressPolicy): string[] {
  switch (egress) {
    case "open":
      return [];
    case "udp-blocked":
      return [`-A FORWARD ${lanIn} -p udp -j DROP`];
    case "tcp-only":
      return [`-A FORWARD ${lanIn} ! -p tcp -j DROP`];
  }
}
