import type { ShellCommand } from "./PtySession.js";

/** Variables the agent holds for itself; a shell (and whatever the user runs in it) never sees them. */
const PRIVATE_VARIABLES = ["GANGWAY_AGENT_TOKEN"];

/** The shell a terminal runs: the user's login shell, as an interactive shell. */
export function defaultShell(env: NodeJS.ProcessEnv): ShellCommand {
  return { file: env.SHELL || "/bin/bash", args: ["-i"] };
}

/** The agent's environment, minus its secrets, plus what a browser terminal (xterm.js) supports. */
export function shellEnvironment(base: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !PRIVATE_VARIABLES.includes(name)) env[name] = value;
  }
  env.TERM = "xterm-256color";
  env.COLORTERM = "truecolor";
  env.LANG ??= "C.UTF-8";
  return env;
}
