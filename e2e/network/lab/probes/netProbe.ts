/**
 * A child process the lab runs inside a namespace (see NetProbe.ts): UDP echo and ping, TCP
 * listen/connect/scan and a tiny HTTP server, so tests observe the network from the inside.
 */
import dgram from "node:dgram";
import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import type {
  EchoReply,
  HttpRequestSeen,
  NetProbeMethods,
  PortAnswer,
  SeenFrom,
  TcpConnectResult,
  UdpReply,
} from "./netProbeApi.js";
import { serveIpc } from "./serveIpc.js";

/** Scans run this many connection attempts at once: fast, yet gentle on two shared cores. */
const SCAN_CONCURRENCY = 64;

const udpSockets = new Map<number, dgram.Socket>();
const httpRequests: HttpRequestSeen[] = [];
/** Servers stay referenced for the process's life; the process ends with its lab. */
const servers: (net.Server | http.Server)[] = [];

serveIpc<NetProbeMethods, Record<string, never>>({
  openUdp: ({ address, port, echo }) =>
    new Promise((resolve, reject) => {
      const socket = dgram.createSocket("udp4");
      socket.once("error", reject);
      if (echo)
        socket.on("message", (data, remote) => socket.send(echoReply(data, remote), remote.port, remote.address));
      socket.bind(port ?? 0, address, () => {
        const socketId = udpSockets.size + 1;
        udpSockets.set(socketId, socket);
        resolve({ socketId, port: socket.address().port });
      });
    }),

  sendUdp: ({ socketId, address, port }) =>
    new Promise((resolve, reject) => {
      udpSocket(socketId).send("punch", port, address, (error) => (error ? reject(error) : resolve(null)));
    }),

  pingUdp: async ({ socketId, address, port, count, timeoutMs }) => {
    const replies: UdpReply[] = [];
    for (let seq = 0; seq < count; seq++) {
      const reply = await pingOnce(udpSocket(socketId), address, port, seq, timeoutMs);
      if (reply) replies.push(reply);
    }
    return replies;
  },

  listenTcp: ({ address, port }) =>
    listen(
      net.createServer((socket) => socket.end(`${JSON.stringify(seenFrom(socket))}\n`)),
      address,
      port,
    ),

  connectTcp: ({ address, port, timeoutMs }) => connectTcp(address, port, timeoutMs),

  scanTcp: async ({ address, ports, timeoutMs }) => {
    const open: number[] = [];
    const queue = [...ports];
    const worker = async () => {
      for (let port = queue.shift(); port !== undefined; port = queue.shift()) {
        if (await portAccepts(address, port, timeoutMs)) open.push(port);
      }
    };
    await Promise.all(Array.from({ length: SCAN_CONCURRENCY }, worker));
    return open.sort((a, b) => a - b);
  },

  probePorts: async ({ address, tcpPorts, udpPorts, timeoutMs }) => {
    const probes = [
      ...tcpPorts.map((port) => () => tcpAnswer(address, port, timeoutMs)),
      ...udpPorts.map((port) => () => udpAnswer(address, port, timeoutMs)),
    ];
    const answers: PortAnswer[] = [];
    const worker = async () => {
      for (let probe = probes.shift(); probe !== undefined; probe = probes.shift()) {
        const answer = await probe();
        if (answer) answers.push(answer);
      }
    };
    await Promise.all(Array.from({ length: SCAN_CONCURRENCY }, worker));
    return answers.sort((a, b) => a.port - b.port);
  },

  serveHttp: ({ address, port, html }) =>
    listen(
      http.createServer((request, response) => {
        httpRequests.push({ path: request.url ?? "", seenFrom: seenFrom(request.socket) });
        response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
      }),
      address,
      port,
    ),

  httpRequests: () => httpRequests,
});

function udpSocket(socketId: number): dgram.Socket {
  const socket = udpSockets.get(socketId);
  if (!socket) throw new Error(`no UDP socket ${socketId}`);
  return socket;
}

function echoReply(data: Buffer, remote: dgram.RemoteInfo): string {
  let seq: number | null = null;
  try {
    seq = (JSON.parse(data.toString()) as { seq?: number }).seq ?? null;
  } catch {
    // A hole punch or other non-ping datagram: answered with seq null.
  }
  const reply: EchoReply = { seq, seenFrom: { address: remote.address, port: remote.port } };
  return JSON.stringify(reply);
}

/** An echo server's reply, or undefined for anything else (e.g. a peer's hole punch arriving late). */
function parseEchoReply(data: Buffer): EchoReply | undefined {
  try {
    return JSON.parse(data.toString()) as EchoReply;
  } catch {
    return undefined;
  }
}

function pingOnce(
  socket: dgram.Socket,
  address: string,
  port: number,
  seq: number,
  timeoutMs: number,
): Promise<UdpReply | undefined> {
  return new Promise((resolve, reject) => {
    const sentAt = process.hrtime.bigint();
    const done = (reply: UdpReply | undefined) => {
      clearTimeout(timer);
      socket.off("message", onMessage);
      resolve(reply);
    };
    const onMessage = (data: Buffer) => {
      const reply = parseEchoReply(data);
      if (reply?.seq !== seq) return;
      done({ rttMs: Number(process.hrtime.bigint() - sentAt) / 1e6, seenFrom: reply.seenFrom });
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.on("message", onMessage);
    socket.send(JSON.stringify({ seq }), port, address, (error) => {
      if (error) {
        clearTimeout(timer);
        socket.off("message", onMessage);
        reject(error);
      }
    });
  });
}

/**
 * Connects and reads what the server says until it closes (our listenTcp greets with the
 * address it saw). A server that accepts but stays silent still counts as connected.
 */
function connectTcp(address: string, port: number, timeoutMs: number): Promise<TcpConnectResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port, timeout: timeoutMs });
    let connected = false;
    let received = "";
    const finish = () => {
      socket.destroy();
      resolve(connected ? { connected, seenFrom: parseSeenFrom(received) } : { connected, error: "ETIMEDOUT" });
    };
    socket.setEncoding("utf8");
    socket.once("connect", () => {
      connected = true;
    });
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.once("end", finish);
    socket.once("timeout", finish);
    socket.once("error", (error: NodeJS.ErrnoException) => {
      socket.destroy();
      resolve({ connected: false, error: error.code ?? error.message });
    });
  });
}

/** True once a connection is accepted; false on refusal, unreachability or silence (a drop). */
function portAccepts(address: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port, timeout: timeoutMs });
    const finish = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once("connect", () => finish(true));
    socket.once("timeout", () => finish(false));
    socket.once("error", () => finish(false));
  });
}

function tcpAnswer(address: string, port: number, timeoutMs: number): Promise<PortAnswer | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port, timeout: timeoutMs });
    const finish = (answer: PortAnswer | undefined) => {
      socket.destroy();
      resolve(answer);
    };
    socket.once("connect", () => finish({ protocol: "tcp", port, answer: "accepted" }));
    socket.once("timeout", () => finish(undefined));
    socket.once("error", (error: NodeJS.ErrnoException) =>
      finish(error.code === "ECONNREFUSED" ? { protocol: "tcp", port, answer: "refused" } : undefined),
    );
  });
}

/** A STUN Binding Request (RFC 5389): type 0x0001, length 0, magic cookie, transaction id. */
function stunBindingRequest(): Buffer {
  const request = Buffer.alloc(20);
  request.writeUInt16BE(0x0001, 0);
  request.writeUInt32BE(0x2112a442, 4);
  for (let i = 8; i < 20; i++) request[i] = Math.floor(Math.random() * 256);
  return request;
}

/** A connected UDP socket: Linux reports an ICMP port-unreachable on it as ECONNREFUSED. */
function udpAnswer(address: string, port: number, timeoutMs: number): Promise<PortAnswer | undefined> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket("udp4");
    const finish = (answer: PortAnswer | undefined) => {
      clearTimeout(timer);
      socket.close();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.once("message", () => finish({ protocol: "udp", port, answer: "replied" }));
    socket.once("error", (error: NodeJS.ErrnoException) =>
      finish(error.code === "ECONNREFUSED" ? { protocol: "udp", port, answer: "refused" } : undefined),
    );
    socket.connect(port, address, () => socket.send(stunBindingRequest()));
  });
}

function parseSeenFrom(greeting: string): SeenFrom | undefined {
  try {
    return JSON.parse(greeting) as SeenFrom;
  } catch {
    return undefined;
  }
}

function listen(server: net.Server | http.Server, address: string, port: number): Promise<{ port: number }> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, () => {
      servers.push(server);
      resolve({ port: (server.address() as AddressInfo).port });
    });
  });
}

function seenFrom(socket: net.Socket): SeenFrom {
  return { address: socket.remoteAddress ?? "", port: socket.remotePort ?? 0 };
}
