import { readFileSync } from "node:fs";
import { z } from "zod";

/** Shown when the agent runs outside the repository layout (no package.json beside it). */
const UNKNOWN_VERSION = "0.0.0-unknown";

const PackageJson = z.object({ version: z.string().min(1).max(64) });

/** The agent's build version: the repository's package.json version, read once at start. */
export function readAgentVersion(): string {
  try {
    const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
    return PackageJson.parse(JSON.parse(text)).version;
  } catch {
    return UNKNOWN_VERSION;
  }
}
