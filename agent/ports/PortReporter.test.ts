import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AgentPorts, MAX_REPORTED_PORTS } from "../../protocol/agent.js";
import { close, listen } from "../apps/testHelpers/listen.js";
import { LISTENER_NAME, PortListener } from "../testHelpers/portListener.js";
import { silentLogger } from "../testHelpers/testPty.js";
import { PortReporter } from "./PortReporter.js";

describe("PortReporter on this machine's /proc", () => {
  const listeners: PortListener[] = [];
  let reports: AgentPorts[];
  let excludedPorts: number[];
  let reporter: PortReporter;
  let ownServer: Server;

  beforeEach(async () => {
    reports = [];
    excludedPorts = [];
    ownServer = createServer();
    await listen(ownServer);
    reporter = new PortReporter({
      send: (message) => {
        reports.push(message);
        return true;
      },
      exclusions: () => ({ pids: [process.pid], ports: excludedPorts }),
      ancestor: process.pid,
      logger: silentLogger,
    });
  });

  afterEach(async () => {
    reporter.dispose();
    await close(ownServer);
    for (const listener of listeners.splice(0)) await listener.stop("SIGKILL");
  });

  const latest = () => reports.at(-1)?.ports ?? [];

  it("reports a workspace process's listening port with its name, and drops it once it stopped", async () => {
    const listener = await PortListener.start();
    listeners.push(listener);
    const [port, excluded] = listener.ports;
    excludedPorts = [excluded];
    // Resolves after a scan that began now, which sent the report if it changed.
    await reporter.scan();
    const ports = latest();
    expect(ports).toContainEqual({ port, process: LISTENER_NAME });
    // The agent's own sockets and excluded ports (code-server's) are left out.
    const own = (ownServer.address() as { port: number }).port;
    expect(ports.map((entry) => entry.port)).not.toContain(own);
    expect(ports.map((entry) => entry.port)).not.toContain(excluded);
    expect(ports.map((entry) => entry.port)).toEqual([...ports.map((entry) => entry.port)].sort((a, b) => a - b));

    await listener.stop();
    await reporter.scan();
    expect(latest().map((entry) => entry.port)).not.toContain(port);
  });
});

describe("PortReporter on a fixed /proc", () => {
  let root: string;
  const fixed: AgentPorts[] = [];
  let fixedReporter: PortReporter;
  let accept = true;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "gangway-proc-"));
    fixed.length = 0;
    accept = true;
    fixedReporter = new PortReporter({
      send: (message) => {
        if (accept) fixed.push(message);
        return accept;
      },
      exclusions: () => ({ pids: [10], ports: [9000] }),
      logger: silentLogger,
      procRoot: root,
    });
  });

  afterEach(() => {
    fixedReporter.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  /** Writes the socket tables and the processes holding them: pid → [name or null, inodes]. */
  function writeProc(tcp: [port: number, inode: number][], processes: Record<number, [string | null, number[]]>) {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(join(root, "net"), { recursive: true });
    const line = ([port, inode]: [number, number], slot: number) =>
      `   ${slot}: 0100007F:${port.toString(16).toUpperCase().padStart(4, "0")} 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 ${inode} 1`;
    writeFileSync(join(root, "net", "tcp"), `  sl  local_address header\n${tcp.map(line).join("\n")}\n`);
    for (const [pid, [name, inodes]] of Object.entries(processes)) {
      mkdirSync(join(root, pid, "fd"), { recursive: true });
      if (name !== null) writeFileSync(join(root, pid, "comm"), `${name}\n`);
      for (const [fd, inode] of inodes.entries())
        symlinkSync(`socket:[${inode}]`, join(root, pid, "fd", String(fd + 3)));
      symlinkSync("/dev/null", join(root, pid, "fd", "0"));
    }
  }

  it("names each port's process, merges duplicates, leaves out exclusions and unowned sockets", async () => {
    writeProc(
      [
        [8080, 101],
        [3000, 102],
        [3000, 103],
        [9000, 104],
        [7000, 105],
        [5000, 106],
        [6000, 107],
      ],
      {
        20: ["python3", [101]],
        21: [null, [102]],
        22: ["node", [103]],
        23: ["code-server", [104]],
        10: ["agent", [105]],
        24: [null, [107]],
      },
    );
    await fixedReporter.connected();
    expect(fixed).toEqual([
      {
        type: "ports",
        ports: [
          { port: 3000, process: "node" },
          { port: 6000, process: null },
          { port: 8080, process: "python3" },
        ],
      },
    ]);
  });

  it("sends only changes, everything when the gateway socket is new, and again what a down socket dropped", async () => {
    writeProc([[8080, 101]], { 20: ["python3", [101]] });
    await fixedReporter.connected();
    await fixedReporter.scan();
    expect(fixed).toHaveLength(1);
    await fixedReporter.connected();
    expect(fixed).toHaveLength(2);
    expect(fixed[1]).toEqual(fixed[0]);

    accept = false;
    writeProc([], {});
    await fixedReporter.scan();
    accept = true;
    await fixedReporter.scan();
    expect(fixed.at(-1)).toEqual({ type: "ports", ports: [] });
    expect(fixed).toHaveLength(3);
  });

  it("reports at most MAX_REPORTED_PORTS, the lowest", async () => {
    const sockets = Array.from({ length: MAX_REPORTED_PORTS + 10 }, (_, index): [number, number] => [
      10_000 + index,
      500 + index,
    ]);
    writeProc(sockets, { 20: ["many", sockets.map(([, inode]) => inode)] });
    await fixedReporter.connected();
    const ports = fixed[0]?.ports ?? [];
    expect(ports).toHaveLength(MAX_REPORTED_PORTS);
    expect(ports[0]).toEqual({ port: 10_000, process: "many" });
    expect(ports.at(-1)?.port).toBe(10_000 + MAX_REPORTED_PORTS - 1);
  });

  it("with an ancestor, reports only its descendants' ports", async () => {
    writeProc(
      [
        [3000, 101],
        [4000, 102],
        [5000, 103],
      ],
      { 30: ["node", [101]], 31: ["vite", [102]], 40: ["postgres", [103]] },
    );
    // 30 is the agent's grandchild through a shell (comm with ") " in it); 40 is someone else's.
    const stat = (pid: number, name: string, parent: number) =>
      writeFileSync(join(root, String(pid), "stat"), `${pid} (${name}) S ${parent} ${pid} ${pid} 0 -1\n`);
    mkdirSync(join(root, "25"), { recursive: true });
    stat(25, "ba) sh", 10);
    stat(30, "node", 25);
    stat(31, "vite", 30);
    stat(40, "postgres", 1);
    const scoped = new PortReporter({
      send: (message) => fixed.push(message) > 0,
      exclusions: () => ({ pids: [10], ports: [] }),
      ancestor: 10,
      logger: silentLogger,
      procRoot: root,
    });
    await scoped.connected();
    scoped.dispose();
    expect(fixed).toEqual([
      {
        type: "ports",
        ports: [
          { port: 3000, process: "node" },
          { port: 4000, process: "vite" },
        ],
      },
    ]);
  });

  it("reports nothing, and does not throw, when /proc cannot be read", async () => {
    rmSync(root, { recursive: true, force: true });
    await fixedReporter.connected();
    expect(fixed).toEqual([{ type: "ports", ports: [] }]);
  });
});
