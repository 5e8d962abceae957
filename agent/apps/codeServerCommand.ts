import { accessSync, constants, existsSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";

/** The release `npm run code-server:install` installs: the last whose VS Code runs on Node 20. */
export const CODE_SERVER_VERSION = "4.100.3";

/** How to run code-server: an executable and the arguments before code-server's own. */
export interface CodeServerCommand {
  readonly file: string;
  readonly args: readonly string[];
}

/**
 * Where the agent finds code-server: `GANGWAY_CODE_SERVER` (an executable, e.g. a release's
 * `bin/code-server`), else the install of scripts/install-code-server.sh under
 * `GANGWAY_TOOLS_DIR` (default ~/.cache/gangway), run with the agent's own Node.
 */
export function codeServerCommand(env: NodeJS.ProcessEnv): CodeServerCommand {
  if (env.GANGWAY_CODE_SERVER) return { file: env.GANGWAY_CODE_SERVER, args: [] };
  return { file: process.execPath, args: [installedCodeServerEntry(env)] };
}

/** The entry script of the code-server that scripts/install-code-server.sh installs. */
export function installedCodeServerEntry(env: NodeJS.ProcessEnv): string {
  const toolsDir = env.GANGWAY_TOOLS_DIR || join(homedir(), ".cache", "gangway");
  return join(toolsDir, `code-server-${CODE_SERVER_VERSION}`, "node_modules", "code-server", "out", "node", "entry.js");
}

/**
 * Whether code-server is there to be started: the `GANGWAY_CODE_SERVER` executable (a path,
 * or a name on PATH), else the install under the tools directory. The agent says so in its
 * hello, and the dashboard lists code-server only then.
 */
export function isCodeServerInstalled(env: NodeJS.ProcessEnv): boolean {
  const file = env.GANGWAY_CODE_SERVER;
  if (!file) return existsSync(installedCodeServerEntry(env));
  if (file.includes("/")) return isExecutable(file);
  return (env.PATH ?? "").split(delimiter).some((dir) => dir !== "" && isExecutable(join(dir, file)));
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
