import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const LAUNCHER = path.join(ROOT, "e2e/support/fakeKubernetesProcess.ts");
/** tsx compiles the fake on first run and openssl makes its certificate: seconds on 2 slow cores. */
const START_TIMEOUT_MS = 30_000;

/** What the provider form needs to reach the fake cluster. */
export interface FakeClusterInfo {
  /** https://127.0.0.1:<port> */
  url: string;
  /** PEM of the fake's self-signed certificate: the CA to trust. */
  ca: string;
  /** The one service-account token it accepts. */
  token: string;
  /** The one namespace that exists, with every grant the gateway needs bound in it. */
  namespace: string;
  /** The one image its pretend kubelet can "pull". */
  agentImage: string;
}

export interface FakePod {
  name: string;
  labels: Record<string, string>;
}

/**
 * The FAKE Kubernetes API server (server/test/fakes/FakeKubernetes.ts) in a child process,
 * started by e2e/support/fakeKubernetesProcess.ts. Not a cluster: see that file for why.
 */
export class FakeCluster {
  private nextId = 1;
  private readonly waiting = new Map<number, (pods: FakePod[]) => void>();

  private constructor(
    readonly info: FakeClusterInfo,
    private readonly child: ChildProcess,
  ) {}

  static async start(): Promise<FakeCluster> {
    const child = spawn(process.execPath, ["--import", "tsx", LAUNCHER], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const output: string[] = [];
    child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    let cluster: FakeCluster | undefined;
    const info = await new Promise<FakeClusterInfo>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`fake cluster did not start:\n${output.join("")}`)),
        START_TIMEOUT_MS,
      );
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`fake cluster exited with ${code}:\n${output.join("")}`));
      });
      lines.on("line", (line) => {
        const message = JSON.parse(line) as { ready?: FakeClusterInfo; id?: number; pods?: FakePod[] };
        if (message.ready) {
          clearTimeout(timer);
          resolve(message.ready);
        } else if (message.id !== undefined) {
          cluster?.answer(message.id, message.pods ?? []);
        }
      });
    });
    cluster = new FakeCluster(info, child);
    return cluster;
  }

  /** Pods in the fake's namespace, e.g. the one the gateway created for a workspace. */
  pods(): Promise<FakePod[]> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin?.write(`${JSON.stringify({ id, query: "pods" })}\n`);
    });
  }

  /** Closing stdin tells the child to close the server and exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.stdin?.end();
    await exited;
  }

  private answer(id: number, pods: FakePod[]): void {
    this.waiting.get(id)?.(pods);
    this.waiting.delete(id);
  }
}
