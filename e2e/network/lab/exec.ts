import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";

/** Long enough for `ip`, `iptables` or `ss` on two busy cores; a hang past it is a bug to report, not to wait out. */
const COMMAND_TIMEOUT_MS = 15_000;

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** A command that exited non-zero (or could not start); carries what it printed so a failure explains itself. */
export class CommandError extends Error {
  constructor(
    readonly command: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`\`${command.join(" ")}\` failed (exit ${exitCode ?? "none"}): ${stderr.trim()}`);
    this.name = "CommandError";
  }
}

export interface RunOptions {
  /** Written to the command's stdin, which is then closed. */
  readonly input?: string;
}

/** Runs a command to completion; rejects with a CommandError when it fails. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const argv = [command, ...args];
  return new Promise((resolve, reject) => {
    const stdin = options.input === undefined ? "ignore" : "pipe";
    const child = spawn(command, args, { stdio: [stdin, "pipe", "pipe"], timeout: COMMAND_TIMEOUT_MS });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.once("error", (error) => reject(new CommandError(argv, null, error.message)));
    child.once("close", (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new CommandError(argv, code, stderr || stdout));
    });
    if (options.input !== undefined) {
      // A command that exits without reading its input must fail on its exit code, not on EPIPE.
      child.stdin?.on("error", () => {});
      child.stdin?.end(options.input);
    }
  });
}

/** Runs a command inside a network namespace (`ip netns exec`). */
export function execIn(
  namespace: string,
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<CommandResult> {
  return run("ip", ["netns", "exec", namespace, command, ...args], options);
}

/**
 * Starts a long-running process inside a network namespace. `ip netns exec` execs the command,
 * so the returned child's pid is the command's own and signals reach it directly.
 */
export function spawnIn(
  namespace: string,
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): ChildProcess {
  return spawn("ip", ["netns", "exec", namespace, command, ...args], options);
}
