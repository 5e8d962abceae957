/**
 * vitest globalSetup of the "network" project: builds the SPA once, from the current source,
 * into a temporary directory the scenarios' gateways serve (`inject("spaDir")`). `npm test`
 * runs these tests before its own `vite build`, so `dist/` may be missing or stale here.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import type { TestProject } from "vitest/node";
import { requireRoot } from "../lab/requireRoot.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The built SPA; empty when the lab cannot run here (the scenarios are skipped then). */
    spaDir: string;
  }
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export default async function buildSpa(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (requireRoot() !== undefined) {
    project.provide("spaDir", "");
    return undefined;
  }
  const outDir = await mkdtemp(path.join(tmpdir(), "gangway-network-spa-"));
  // vitest sets NODE_ENV=test, which would give a development build of React (whose StrictMode
  // mounts every effect twice); the scenarios test what `npm start` serves.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      root: ROOT,
      configFile: path.join(ROOT, "vite.config.ts"),
      mode: "production",
      logLevel: "error",
      build: { outDir, emptyOutDir: true, sourcemap: false },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  project.provide("spaDir", outDir);
  return () => rm(outDir, { recursive: true, force: true });
}
