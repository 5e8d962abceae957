import { describe } from "vitest";
import { requireRoot } from "./requireRoot.js";

/** A vitest `describe` that runs only as root and otherwise says plainly that it skipped and why. */
export function describeAsRoot(name: string, body: () => void): void {
  const reason = requireRoot();
  if (reason !== undefined) console.warn(`[network lab] skipped "${name}": ${reason}`);
  describe.skipIf(reason !== undefined)(name, body);
}
