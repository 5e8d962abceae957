/** The API of netProbe.ts: small UDP/TCP/HTTP tools that run inside a lab namespace. */

/** The source address and port a server saw: after NAT, the mapping the client got. */
export interface SeenFrom {
  readonly address: string;
  readonly port: number;
}

export interface UdpReply {
  readonly rttMs: number;
  readonly seenFrom: SeenFrom;
}

export type TcpConnectResult =
  /** seenFrom is what a listenTcp server reported; undefined for any other server. */
  | { readonly connected: true; readonly seenFrom: SeenFrom | undefined }
  | { readonly connected: false; readonly error: string };

export interface HttpRequestSeen {
  readonly path: string;
  readonly seenFrom: SeenFrom;
}

/** A port that answered a probe: anything but silence tells a scanner something is there. */
export interface PortAnswer {
  readonly protocol: "tcp" | "udp";
  readonly port: number;
  /** TCP: "accepted" (SYN-ACK) or "refused" (RST). UDP: "replied" (a datagram) or "refused" (ICMP). */
  readonly answer: "accepted" | "refused" | "replied";
}

export type NetProbeMethods = {
  /** Binds a UDP socket (port 0: any). An echo socket answers every datagram with its seq and the sender it saw. */
  openUdp: {
    params: { address?: string; port?: number; echo: boolean };
    result: { socketId: number; port: number };
  };
  /** Sends one datagram, e.g. to open a NAT mapping towards a peer before it sends (a hole punch). */
  sendUdp: { params: { socketId: number; address: string; port: number }; result: null };
  /** Sends `count` pings one after another to an echo socket; lost ones are missing from the result. */
  pingUdp: {
    params: { socketId: number; address: string; port: number; count: number; timeoutMs: number };
    result: UdpReply[];
  };
  /** A TCP server that tells each client the address it saw, then closes. */
  listenTcp: { params: { address: string; port: number }; result: { port: number } };
  connectTcp: { params: { address: string; port: number; timeoutMs: number }; result: TcpConnectResult };
  /** Tries each port; returns those that accepted a connection. */
  scanTcp: { params: { address: string; ports: number[]; timeoutMs: number }; result: number[] };
  /**
   * Probes TCP ports (a connect) and UDP ports (a STUN binding request, which an ICE socket
   * would answer); returns every port that answered in any way. A filtering NAT answers none.
   */
  probePorts: {
    params: { address: string; tcpPorts: number[]; udpPorts: number[]; timeoutMs: number };
    result: PortAnswer[];
  };
  /** An HTTP server answering every path with `html`; it records who asked. */
  serveHttp: { params: { address: string; port: number; html: string }; result: { port: number } };
  httpRequests: { params: null; result: HttpRequestSeen[] };
};

/** An echo socket's answer to a datagram. */
export interface EchoReply {
  readonly seq: number | null;
  readonly seenFrom: SeenFrom;
}
