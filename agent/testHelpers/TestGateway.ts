import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { Changes, waitUntil } from "./waitUntil.js";

type Json = Record<string, unknown>;

/** One agent socket as the test gateway sees it. */
export class GatewayConnection {
  readonly messages: Json[] = [];
  readonly frames: Buffer[] = [];
  closed = false;
  private readonly changes = new Changes();
  private forwardTo: ((message: Json) => void) | null = null;

  constructor(
    readonly socket: WebSocket,
    readonly authorization: string | undefined,
  ) {
    socket.on("message", (data, isBinary) => {
      const buffer = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
      if (isBinary) this.frames.push(buffer);
      else {
        const message = JSON.parse(buffer.toString()) as Json;
        this.messages.push(message);
        this.forwardTo?.(message);
      }
      this.changes.notify();
    });
    socket.on("close", () => {
      this.closed = true;
      this.changes.notify();
    });
  }

  /** Hands every later JSON message to `receiver` as well (the gateway's relay to a browser). */
  forward(receiver: (message: Json) => void): void {
    this.forwardTo = receiver;
  }

  /** The first message matching `fields`, from index `from` on. */
  waitForMessage(fields: Json, from = 0): Promise<Json> {
    return waitUntil(
      this.changes.subscribe,
      () => this.messages.slice(from).find((message) => Object.entries(fields).every(([k, v]) => message[k] === v)),
      `agent message ${JSON.stringify(fields)}`,
    );
  }

  /** Resolves once `count` messages matching `fields` arrived. */
  waitForCount(fields: Json, count: number): Promise<number> {
    const matching = () =>
      this.messages.filter((message) => Object.entries(fields).every(([k, v]) => message[k] === v)).length;
    return waitUntil(this.changes.subscribe, () => (matching() >= count ? count : undefined), `${count} × ${fields}`);
  }

  /** Resolves once the frames received so far, joined, satisfy `check`. */
  waitForFrames<T>(check: (frames: Buffer[]) => T | undefined): Promise<T> {
    return waitUntil(this.changes.subscribe, () => check(this.frames), "binary frames");
  }

  waitForClose(): Promise<true> {
    return waitUntil(this.changes.subscribe, () => (this.closed ? true : undefined), "agent socket close");
  }

  /** Welcomes the agent into a new workspace id, which it returns. */
  welcome(heartbeatIntervalMs = 60_000): string {
    const workspaceId = randomUUID();
    this.sendJson({ type: "welcome", workspaceId, heartbeatIntervalMs });
    return workspaceId;
  }

  sendJson(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  sendRaw(text: string): void {
    this.socket.send(text);
  }

  sendBinary(frame: Uint8Array): void {
    this.socket.send(frame, { binary: true });
  }

  close(code = 1000): void {
    this.socket.close(code);
  }
}

/**
 * Ports tests pick for servers they restart: below Linux's default ephemeral range
 * (32768-60999), which the kernel hands to outgoing connections and to `listen(0)`.
 */
const RESTARTABLE_PORTS = { from: 20_000, count: 12_000 };

/** A stand-in for the gateway's agent endpoint: a real WebSocket server on a real port. */
export class TestGateway {
  readonly connections: GatewayConnection[] = [];
  private readonly changes = new Changes();

  private constructor(private readonly server: WebSocketServer) {
    server.on("connection", (socket, request) => {
      this.connections.push(new GatewayConnection(socket, request.headers.authorization));
      this.changes.notify();
    });
  }

  /**
   * Listens on `port` at the agent socket's path; without one, on a free port below the
   * kernel's ephemeral range, so that a test can close it and start again on the same port
   * (a "restart") without an outgoing connection of a parallel test having taken it since.
   * `autoPong: false` makes it ignore pings, like a peer behind a dead NAT mapping.
   */
  static async start(port?: number, options: { autoPong?: boolean } = {}): Promise<TestGateway> {
    if (port !== undefined) return TestGateway.listen(port, options);
    for (let attempt = 0; ; attempt++) {
      const candidate = RESTARTABLE_PORTS.from + Math.floor(Math.random() * RESTARTABLE_PORTS.count);
      try {
        return await TestGateway.listen(candidate, options);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt >= 20) throw error;
      }
    }
  }

  private static listen(port: number, options: { autoPong?: boolean }): Promise<TestGateway> {
    return new Promise((resolve, reject) => {
      const server = new WebSocketServer({ host: "127.0.0.1", port, path: "/api/v1/agent/connect", ...options });
      server.once("listening", () => resolve(new TestGateway(server)));
      server.once("error", reject);
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): URL {
    return new URL(`http://127.0.0.1:${this.port}`);
  }

  /** Resolves with the `index`-th agent connection (0-based) once it arrived. */
  connection(index: number): Promise<GatewayConnection> {
    return waitUntil(this.changes.subscribe, () => this.connections[index], `agent connection #${index}`);
  }

  /** Stops like a crashed gateway: drops every socket, frees the port. */
  close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
