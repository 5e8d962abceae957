import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import { type AgentPorts, MAX_REPORTED_PORTS } from "../../protocol/agent.js";
import { parseProcNetTcp } from "./procNetTcp.js";
import { descendsFrom, findSocketOwners, type SocketOwner } from "./socketOwners.js";

/**
 * How often the listening ports are read again. A dev server the user just started shows
 * up on the dashboard within this; reading /proc/net/tcp is cheap (the fd scan that names
 * a port's process runs only for sockets not seen before).
 */
export const PORT_SCAN_INTERVAL_MS = 2_000;

/** What is left out of the report: the agent's own sockets, apps with their own entry. */
export interface PortExclusions {
  readonly pids: readonly number[];
  readonly ports: readonly number[];
}

export interface PortReporterOptions {
  /** Sends to the gateway; false when the message was dropped (the socket is down). */
  readonly send: (message: AgentPorts) => boolean;
  /** Read at every scan: code-server's port changes with each start. */
  readonly exclusions: () => PortExclusions;
  readonly logger: Logger;
  /**
   * When set, only processes descending from this pid count (the agent's: the workspace's
   * processes are its shells and what they start). On the local provider every workspace's
   * agent, and the gateway itself, share one machine; without this each would list all ports.
   */
  readonly ancestor?: number;
  /** Where procfs is mounted; tests may point elsewhere. */
  readonly procRoot?: string;
  readonly intervalMs?: number;
}

type Ports = AgentPorts["ports"];

/**
 * Tells the gateway which TCP ports the workspace's processes listen on (on loopback or on
 * every address) and which process each belongs to: after every welcome, and whenever the
 * set changes. Only processes the agent can inspect count (in a container: the workspace's),
 * and with `ancestor` only the agent's descendants.
 */
export class PortReporter {
  private timer: NodeJS.Timeout | null = null;
  /** Owners of sockets seen before, by inode; null for sockets of processes the agent cannot read. */
  private readonly owners = new Map<number, SocketOwner | null>();
  /** What the gateway was last told, as JSON, so only changes are sent. */
  private reported: string | null = null;
  /** The last scan asked for; scans run one at a time. */
  private last: Promise<void> = Promise.resolve();
  /** A scan waiting for the running one: later askers share it, forced if any of them forced it. */
  private queued: { force: boolean; done: Promise<void> } | null = null;
  private disposed = false;
  private readonly procRoot: string;

  constructor(private readonly options: PortReporterOptions) {
    this.procRoot = options.procRoot ?? "/proc";
  }

  start(): void {
    if (this.timer || this.disposed) return;
    this.timer = setInterval(() => void this.scan(), this.options.intervalMs ?? PORT_SCAN_INTERVAL_MS);
    this.timer.unref();
  }

  /** A new gateway socket starts knowing nothing: report now, changed or not. */
  connected(): Promise<void> {
    return this.scan({ force: true });
  }

  /**
   * Reads the ports and reports them if they changed (or `force`); resolves once a scan that
   * started after this call is done. Never rejects.
   */
  scan(options: { force?: boolean } = {}): Promise<void> {
    const force = options.force ?? false;
    if (this.queued) {
      this.queued.force ||= force;
      return this.queued.done;
    }
    const queued = { force, done: Promise.resolve() };
    queued.done = this.last
      .then(() => {
        this.queued = null;
        return this.scanAndReport(queued.force);
      })
      .catch((error: unknown) => this.options.logger.warn({ err: error }, "reading the listening ports failed"));
    this.queued = queued;
    this.last = queued.done;
    return queued.done;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async scanAndReport(force: boolean): Promise<void> {
    const ports = await this.listeningPorts();
    if (this.disposed) return;
    const report = JSON.stringify(ports);
    if (report === this.reported && !force) return;
    if (this.options.send({ type: "ports", ports })) this.reported = report;
  }

  private async listeningPorts(): Promise<Ports> {
    const sockets = [...(await this.readTable("tcp")), ...(await this.readTable("tcp6"))];
    await this.learnOwners(new Set(sockets.map((socket) => socket.inode)));
    const { pids, ports: excludedPorts } = this.options.exclusions();
    const byPort = new Map<number, string | null>();
    for (const { port, inode } of sockets) {
      const owner = this.owners.get(inode);
      if (!owner || pids.includes(owner.pid) || excludedPorts.includes(port)) continue;
      // One port on IPv4 and IPv6, or shared by workers: one entry, named if any is.
      byPort.set(port, byPort.get(port) ?? owner.name);
    }
    return [...byPort]
      .sort(([a], [b]) => a - b)
      .slice(0, MAX_REPORTED_PORTS)
      .map(([port, process]) => ({ port, process }));
  }

  /** Finds the owners of sockets not seen before, and forgets sockets that are gone. */
  private async learnOwners(inodes: Set<number>): Promise<void> {
    for (const inode of this.owners.keys()) if (!inodes.has(inode)) this.owners.delete(inode);
    const unknown = new Set([...inodes].filter((inode) => !this.owners.has(inode)));
    if (unknown.size === 0) return;
    const found = await findSocketOwners(this.procRoot, unknown);
    const { ancestor } = this.options;
    for (const inode of unknown) {
      const owner = found.get(inode) ?? null;
      const ours =
        owner !== null && (ancestor === undefined || (await descendsFrom(this.procRoot, owner.pid, ancestor)));
      this.owners.set(inode, ours ? owner : null);
    }
  }

  /** A missing table (no IPv6 in this kernel) has no sockets. */
  private async readTable(name: "tcp" | "tcp6") {
    const text = await readFile(join(this.procRoot, "net", name), "utf8").catch(() => "");
    return parseProcNetTcp(text);
  }
}
