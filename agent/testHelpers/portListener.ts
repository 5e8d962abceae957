import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { pollUntil } from "./waitUntil.js";

/** The process name (/proc/<pid>/comm) the listener gives itself. */
export const LISTENER_NAME = "gw-port-test";

/** A workspace process: listens on two loopback ports under its own name, prints them. */
const LISTENER = `
process.title = ${JSON.stringify(LISTENER_NAME)};
const net = require("node:net");
const ports = [];
for (let index = 0; index < 2; index++) {
  const server = net.createServer().listen(0, "127.0.0.1", () => {
    ports.push(server.address().port);
    if (ports.length === 2) console.log(ports.join(" "));
  });
}`;

/** A child process listening on two loopback ports, as a dev server in the workspace would. */
export class PortListener {
  private constructor(
    private readonly child: ChildProcess,
    readonly ports: readonly [number, number],
  ) {}

  /** Resolves once both ports listen. */
  static async start(): Promise<PortListener> {
    const child = spawn(process.execPath, ["-e", LISTENER], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const ports = await pollUntil(
      () => (output.includes("\n") ? output.trim().split(" ").map(Number) : undefined),
      "the listener's ports",
    ).catch(async (error: unknown) => {
      child.kill("SIGKILL");
      throw error;
    });
    return new PortListener(child, ports as [number, number]);
  }

  /** Resolves once the process exited (the kernel closed its sockets before that). */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, "exit");
    this.child.kill(signal);
    await exited;
  }
}
