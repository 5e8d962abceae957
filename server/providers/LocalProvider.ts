import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Logger } from "pino";
import type { ProviderCheck } from "../../protocol/rest.js";
import { isProcessRunning, processStartTime, signalGroup, waitForExit } from "./processes.js";
import type { ComputeExitListener, ProviderState, ProviderWorkspace, WorkspaceProvider } from "./WorkspaceProvider.js";

/** Time an agent gets to close its PTYs and peer connections after SIGTERM before SIGKILL. */
export const STOP_GRACE_MS = 5_000;
/** After SIGKILL the kernel frees a process at once; this only bounds a wait that should not hang. */
const KILL_WAIT_MS = 2_000;
/** How often a process adopted after a gateway restart (not our child, so no exit event) is checked. */
const ADOPTED_POLL_MS = 2_000;

/** tsx runs the agent's TypeScript directly; resolved here so the agent needs no build step. */
const TSX_LOADER_URL = import.meta.resolve("tsx");

export interface LocalProviderOptions {
  dataDir: string;
  /** Absolute path of the agent's entry script. */
  agentEntry: string;
  /**
   * Command words run before `node … agent/main.ts` (e.g. `ip netns exec <namespace>`); empty:
   * none. The launcher must exec the agent (keep its pid), as `ip netns exec` and `env` do,
   * since the gateway tracks and signals the agent by pid.
   */
  launcher?: readonly string[];
  /** Loopback URL of this gateway for agents on this machine (known only after listen). */
  gatewayUrl: () => string;
  onExit: ComputeExitListener;
  log: Logger;
}

/** Stops watching a process; the process itself keeps running. */
type Unwatch = () => void;

/**
 * Runs each workspace as a directory plus a detached agent process on this machine. Agents
 * live in their own process group, so they and their peer connections survive a gateway
 * restart; the gateway finds them again by pid.
 */
export class LocalProvider implements WorkspaceProvider {
  readonly #watched = new Map<string, Unwatch>();

  constructor(private readonly options: LocalProviderOptions) {}

  async start(workspace: ProviderWorkspace, agentToken: string): Promise<ProviderState> {
    const home = this.#prepareHome(workspace);
    const logPath = path.join(this.#workspaceDir(workspace.id), "agent.log");
    fs.appendFileSync(logPath, `--- gangway: starting agent at ${new Date().toISOString()}\n`);
    const logFd = fs.openSync(logPath, "a");
    let child: ChildProcess;
    try {
      const [command = process.execPath, ...args] = [
        ...(this.options.launcher ?? []),
        process.execPath,
        "--import",
        TSX_LOADER_URL,
        this.options.agentEntry,
      ];
      child = spawn(command, args, {
        cwd: home,
        env: this.#agentEnv(home, agentToken),
        detached: true,
        stdio: ["ignore", logFd, logFd],
      });
    } finally {
      fs.closeSync(logFd);
    }
    const pid = await spawned(child);
    child.unref();
    this.#watchChild(workspace.id, child);
    this.options.log.info({ workspaceId: workspace.id, pid }, "agent process started");
    return { pid, startTime: processStartTime(pid) };
  }

  async resume(workspace: ProviderWorkspace): Promise<boolean> {
    const agent = processOf(workspace);
    if (!agent || !isProcessRunning(agent.pid, agent.startTime)) return false;
    this.#watchAdopted(workspace.id, agent);
    this.options.log.info({ workspaceId: workspace.id, pid: agent.pid }, "adopted running agent process");
    return true;
  }

  async stop(workspace: ProviderWorkspace): Promise<void> {
    this.#unwatch(workspace.id);
    const agent = processOf(workspace);
    if (!agent || !isProcessRunning(agent.pid, agent.startTime)) return;
    const { pid } = agent;
    signalGroup(pid, "SIGTERM");
    if (await waitForExit(pid, STOP_GRACE_MS)) return;
    this.options.log.warn({ workspaceId: workspace.id, pid }, "agent ignored SIGTERM; killing it");
    signalGroup(pid, "SIGKILL");
    if (!(await waitForExit(pid, KILL_WAIT_MS))) throw new Error(`agent process ${pid} survived SIGKILL`);
  }

  async delete(workspace: ProviderWorkspace): Promise<void> {
    await fs.promises.rm(this.#workspaceDir(workspace.id), { recursive: true, force: true });
  }

  async check(): Promise<ProviderCheck[]> {
    return [{ name: "local", passed: true, message: "Workspaces run as processes on the gateway's own machine." }];
  }

  dispose(): void {
    for (const unwatch of this.#watched.values()) unwatch();
    this.#watched.clear();
  }

  #workspaceDir(id: string): string {
    return path.join(this.options.dataDir, "workspaces", id);
  }

  #prepareHome(workspace: ProviderWorkspace): string {
    const home = path.join(this.#workspaceDir(workspace.id), "home");
    fs.mkdirSync(home, { recursive: true });
    // Written once: the user may edit these afterwards.
    writeIfMissing(path.join(home, ".bashrc"), bashrc(workspace.name));
    writeIfMissing(path.join(home, ".bash_profile"), "[ -f ~/.bashrc ] && . ~/.bashrc\n");
    return home;
  }

  #agentEnv(home: string, agentToken: string): NodeJS.ProcessEnv {
    // The gateway's own settings (data dir, ICE credentials, its PORT) are none of the
    // workspace's business; a PORT left in would also move every dev server that reads it.
    const inherited = Object.entries(process.env).filter(([key]) => !key.startsWith("GANGWAY_") && key !== "PORT");
    return {
      ...Object.fromEntries(inherited),
      HOME: home,
      GANGWAY_URL: this.options.gatewayUrl(),
      GANGWAY_AGENT_TOKEN: agentToken,
      GANGWAY_WORKSPACE_DIR: home,
      // Machine-wide tools (`npm run code-server:install`) live under the gateway's HOME, not
      // the workspace's, so the agent is told where.
      GANGWAY_TOOLS_DIR: process.env.GANGWAY_TOOLS_DIR ?? path.join(os.homedir(), ".cache", "gangway"),
      ...(process.env.GANGWAY_CODE_SERVER ? { GANGWAY_CODE_SERVER: process.env.GANGWAY_CODE_SERVER } : {}),
    };
  }

  #watchChild(workspaceId: string, child: ChildProcess): void {
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      this.#watched.delete(workspaceId);
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      this.options.onExit(workspaceId, `The agent process ${how}; see agent.log in the workspace directory.`);
    };
    child.once("exit", onExit);
    this.#replaceWatch(workspaceId, () => child.off("exit", onExit));
  }

  #watchAdopted(workspaceId: string, agent: AgentProcess): void {
    const timer = setInterval(() => {
      if (isProcessRunning(agent.pid, agent.startTime)) return;
      this.#unwatch(workspaceId);
      this.options.onExit(workspaceId, "The agent process exited; see agent.log in the workspace directory.");
    }, ADOPTED_POLL_MS);
    timer.unref();
    this.#replaceWatch(workspaceId, () => clearInterval(timer));
  }

  #replaceWatch(workspaceId: string, unwatch: Unwatch): void {
    this.#unwatch(workspaceId);
    this.#watched.set(workspaceId, unwatch);
  }

  #unwatch(workspaceId: string): void {
    this.#watched.get(workspaceId)?.();
    this.#watched.delete(workspaceId);
  }
}

/** The agent process as stored in the workspace's provider state. */
interface AgentProcess {
  pid: number;
  startTime: string | null;
}

function processOf(workspace: ProviderWorkspace): AgentProcess | null {
  const pid = workspace.state?.pid;
  const startTime = workspace.state?.startTime;
  if (typeof pid !== "number" || !Number.isInteger(pid) || pid <= 0) return null;
  return { pid, startTime: typeof startTime === "string" ? startTime : null };
}

/** Resolves with the pid once the process exists; rejects if it could not be spawned. */
function spawned(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once("spawn", () => resolve(child.pid as number));
    child.once("error", reject);
  });
}

function writeIfMissing(file: string, content: string): void {
  try {
    fs.writeFileSync(file, content, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

function bashrc(workspaceName: string): string {
  return [
    "# Written by Gangway when this workspace was created; edit freely.",
    "[ -f /etc/bash.bashrc ] && . /etc/bash.bashrc",
    `PS1='\\u@${workspaceName}:\\w\\$ '`,
    "",
  ].join("\n");
}
