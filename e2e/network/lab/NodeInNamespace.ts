import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Namespace } from "./Namespace.js";
import type { ChildMessage, EventMap, MethodMap } from "./probes/ipcProtocol.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** tsx compiles the child on first start; with two busy cores and parallel test files that can take seconds. */
const START_TIMEOUT_MS = 20_000;
/** The child exits as soon as its IPC channel closes; past this it is stuck and gets killed. */
const EXIT_TIMEOUT_MS = 3_000;

/**
 * A TypeScript program (`node --import tsx`) running inside a namespace, driven over IPC:
 * request() calls a method in it, on() hears its events. This object owns the process.
 */
export class NodeInNamespace<M extends MethodMap, E extends EventMap> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly listeners = new Map<string, ((data: unknown) => void)[]>();
  private output = "";

  private constructor(
    private readonly child: ChildProcess,
    readonly description: string,
  ) {
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => this.record(chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => this.record(chunk));
    child.on("message", (message: ChildMessage) => this.receive(message));
    child.once("exit", (code, signal) => {
      const error = new Error(`${description} exited (${signal ?? code})\n${this.output}`);
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
    });
  }

  /** Starts `script` (a path) inside the namespace and waits until it is ready for requests. */
  static async start<M extends MethodMap, E extends EventMap>(
    namespace: Namespace,
    script: string,
  ): Promise<NodeInNamespace<M, E>> {
    const child = namespace.spawn(process.execPath, ["--import", "tsx", script], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "json",
    });
    const node = new NodeInNamespace<M, E>(child, `${path.basename(script)} in ${namespace.name}`);
    try {
      await node.ready();
    } catch (error) {
      await node.dispose();
      throw error;
    }
    return node;
  }

  request<K extends keyof M & string>(method: K, params: M[K]["params"]): Promise<M[K]["result"]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ type: "request", id, method, params });
    });
  }

  on<K extends keyof E & string>(event: K, listener: (data: E[K]) => void): void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as (data: unknown) => void);
    this.listeners.set(event, list);
  }

  /** What the process printed, for failure messages. */
  logs(): string {
    return this.output;
  }

  async dispose(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    if (child.connected) child.disconnect();
    else child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), EXIT_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  private ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.description} did not start\n${this.output}`)),
        START_TIMEOUT_MS,
      );
      this.child.once("exit", () => {
        clearTimeout(timer);
        reject(new Error(`${this.description} exited while starting\n${this.output}`));
      });
      this.child.once("message", (message: ChildMessage) => {
        if (message.type !== "ready") return;
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private receive(message: ChildMessage): void {
    if (message.type === "reply") {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if ("error" in message) pending?.reject(new Error(`${this.description}: ${message.error}`));
      else pending?.resolve(message.result);
    } else if (message.type === "event") {
      for (const listener of this.listeners.get(message.event) ?? []) listener(message.data);
    }
  }

  private record(chunk: string): void {
    this.output += chunk;
  }
}
