import type { ChildProcess, SpawnOptions } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { type CommandResult, execIn, type RunOptions, run, spawnIn } from "./exec.js";

/** How long processes get to exit on SIGTERM before SIGKILL: coturn and Chromium need a moment to close. */
const TERM_GRACE_MS = 2_000;
/** How long SIGKILLed processes may take to disappear before dispose gives up and reports them. */
const KILL_WAIT_MS = 3_000;
/** How often dispose looks for processes left in the namespace. */
const PROCESS_POLL_MS = 50;

/** A socket listening (TCP) or bound (UDP) inside a namespace, as `ss` reports it. */
export interface ListeningSocket {
  readonly protocol: "tcp" | "udp";
  readonly address: string;
  readonly port: number;
  /** Pids of the processes holding it. */
  readonly pids: readonly number[];
}

/**
 * One network namespace. It owns everything inside it: its interfaces, its firewall, and every
 * process running in it, which dispose() ends before deleting the namespace (a namespace with a
 * process left inside outlives `ip netns del`).
 */
export class Namespace {
  private constructor(readonly name: string) {}

  /** Creates an IPv4-only namespace with loopback up. Fails, creating nothing, if the name exists. */
  static async create(name: string): Promise<Namespace> {
    await run("ip", ["netns", "add", name]);
    const namespace = new Namespace(name);
    try {
      // IPv4 only: IPv6 link-local addresses would add ICE candidates and router solicitations
      // that no scenario accounts for.
      await namespace.sysctl({ "net.ipv6.conf.all.disable_ipv6": "1", "net.ipv6.conf.default.disable_ipv6": "1" });
      await namespace.ip(["link", "set", "lo", "up"]);
    } catch (error) {
      await namespace.dispose();
      throw error;
    }
    return namespace;
  }

  /** Takes ownership of an existing namespace, e.g. a crashed run's leftover, in order to dispose it. */
  static adopt(name: string): Namespace {
    return new Namespace(name);
  }

  /** Runs a command inside the namespace to completion. */
  exec(command: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    return execIn(this.name, command, args, options);
  }

  /** Starts a process inside the namespace; the caller owns it, and dispose() ends it if still running. */
  spawn(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    return spawnIn(this.name, command, args, options);
  }

  /** `ip -n <namespace> ...`. */
  ip(args: readonly string[]): Promise<CommandResult> {
    return run("ip", ["-n", this.name, ...args]);
  }

  async sysctl(settings: Record<string, string>): Promise<void> {
    const assignments = Object.entries(settings).map(([key, value]) => `${key}=${value}`);
    await this.exec("sysctl", ["-q", "-w", ...assignments]);
  }

  /** Replaces the namespace's iptables rules atomically with an iptables-restore document. */
  async restoreIptables(rules: string): Promise<void> {
    await this.exec("iptables-restore", [], { input: rules });
  }

  /**
   * Every listening TCP socket and bound UDP socket inside: what a port scan could find, known
   * without the minutes a scan of 65,535 dropped ports would take.
   */
  async listeningSockets(): Promise<ListeningSocket[]> {
    const { stdout } = await this.exec("ss", ["-H", "-l", "-n", "-p", "-t", "-u"]);
    return stdout
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => {
        const [protocol = "", , , , local = ""] = line.trim().split(/\s+/);
        const separator = local.lastIndexOf(":");
        return {
          protocol: protocol === "udp" ? "udp" : "tcp",
          address: local.slice(0, separator),
          port: Number(local.slice(separator + 1)),
          pids: [...line.matchAll(/pid=(\d+)/g)].map((match) => Number(match[1])),
        };
      });
  }

  /** Pids of the processes whose network namespace this is. */
  async pids(): Promise<number[]> {
    const { stdout } = await run("ip", ["netns", "pids", this.name]);
    return stdout
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map(Number);
  }

  /** Ends every process inside, then deletes the namespace (its interfaces go with it). */
  async dispose(): Promise<void> {
    if (!(await this.exists())) return;
    await this.endProcesses();
    await run("ip", ["netns", "delete", this.name]);
  }

  /** Names of all network namespaces on this machine (ours and anyone else's). */
  static async listNames(): Promise<string[]> {
    const { stdout } = await run("ip", ["netns", "list"]);
    // Lines read "name" or "name (id: 3)".
    return stdout
      .split("\n")
      .map((line) => line.split(" ")[0] ?? "")
      .filter((name) => name !== "");
  }

  private async exists(): Promise<boolean> {
    return (await Namespace.listNames()).includes(this.name);
  }

  private async endProcesses(): Promise<void> {
    if (await this.signalAllAndWait("SIGTERM", TERM_GRACE_MS)) return;
    if (await this.signalAllAndWait("SIGKILL", KILL_WAIT_MS)) return;
    throw new Error(`processes ${(await this.pids()).join(", ")} survived SIGKILL in namespace ${this.name}`);
  }

  /** Signals every process inside; true once none is left within the time given. */
  private async signalAllAndWait(signal: NodeJS.Signals, waitMs: number): Promise<boolean> {
    for (const pid of await this.pids()) {
      try {
        process.kill(pid, signal);
      } catch {
        // Exited between listing and signalling.
      }
    }
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      if ((await this.pids()).length === 0) return true;
      await sleep(PROCESS_POLL_MS);
    }
    return (await this.pids()).length === 0;
  }
}
