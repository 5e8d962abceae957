import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { Namespace } from "./Namespace.js";

const SCRIPT = fileURLToPath(new URL("./delayWire.pl", import.meta.url));

/** Perl starts in milliseconds; this only guards against a wire that never comes up. */
const READY_TIMEOUT_MS = 10_000;
/** The wire exits as soon as its stdin closes; a longer wait means it is stuck, so it is killed. */
const EXIT_TIMEOUT_MS = 2_000;

/** One end of a wire: the device's name inside its namespace. */
export interface WireEnd {
  readonly namespace: Namespace;
  readonly device: string;
}

let temporaryNames = 0;

/**
 * A delayed point-to-point link made of two TUN devices joined by a small user-space forwarder
 * (delayWire.pl): the lab's replacement for `tc netem`, which this kernel lacks. Both devices
 * are created in end a's namespace, then b's device moves to its own namespace; they disappear
 * with the forwarder process, which this object owns.
 */
export class DelayWire {
  private constructor(private readonly process: ChildProcess) {}

  static async create(a: WireEnd, b: WireEnd, delayAToBMs: number, delayBToAMs: number): Promise<DelayWire> {
    // b's device is born in a's namespace, where its final name may already be taken.
    temporaryNames += 1;
    const temporaryName = `wire${temporaryNames}`;
    const child = a.namespace.spawn(
      "perl",
      [SCRIPT, a.device, temporaryName, String(delayAToBMs), String(delayBToAMs)],
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    const wire = new DelayWire(child);
    try {
      await wire.waitReady();
      await a.namespace.ip(["link", "set", "dev", temporaryName, "netns", b.namespace.name]);
      await b.namespace.ip(["link", "set", "dev", temporaryName, "name", b.device]);
    } catch (error) {
      await wire.dispose();
      throw error;
    }
    return wire;
  }

  async dispose(): Promise<void> {
    const child = this.process;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.stdin?.end();
    const timer = setTimeout(() => child.kill("SIGKILL"), EXIT_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  private waitReady(): Promise<void> {
    const child = this.process;
    return new Promise((resolve, reject) => {
      let output = "";
      const fail = (reason: string) => {
        clearTimeout(timer);
        reject(new Error(`delay wire did not start: ${reason}${output ? `\n${output}` : ""}`));
      };
      const timer = setTimeout(() => fail("timed out"), READY_TIMEOUT_MS);
      child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
        output += chunk;
      });
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        if (!chunk.includes("ready")) return;
        clearTimeout(timer);
        resolve();
      });
      child.once("error", (error) => fail(error.message));
      child.once("exit", (code) => fail(`exited with ${code}`));
    });
  }
}
