import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import nodeDataChannel from "node-datachannel";
import { describe, expect, it } from "vitest";

/**
 * libjuice#355: Chromium's checks through TURN over TCP and TLS carry an ICE tie-breaker of 0,
 * which the stock libjuice answers with 400, so a browser that may reach TURN only over TCP never
 * connects. `npm install` runs scripts/patch-libjuice.mjs, which writes a fixed copy of
 * node-datachannel's binary where its loader looks first. These tests play the browser's side of
 * that check against the binary the agent really loads (and the stock one, for contrast), each
 * in its own process.
 */
const execFileAsync = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const probe = path.join(root, "agent/testHelpers/zeroTiebreakerProbe.ts");

async function check(binary: string, ...args: string[]): Promise<{ class: string; code?: number }> {
  const { stdout } = await execFileAsync(process.execPath, ["--import", "tsx", probe, binary, ...args], {
    cwd: root,
    timeout: 20_000,
  });
  return JSON.parse(stdout.trim());
}

/** The node_datachannel.node this process mapped when it imported node-datachannel. */
function loadedBinary(): string {
  expect(nodeDataChannel.getLibraryVersion()).toMatch(/^\d+\.\d+\.\d+/);
  const mapped = readFileSync("/proc/self/maps", "utf8")
    .split("\n")
    .map((line) => line.split(/\s+/).slice(5).join(" "))
    .find((file) => file.endsWith("node_datachannel.node"));
  if (!mapped) throw new Error("node-datachannel's binary is not mapped");
  return mapped;
}

describe.runIf(process.platform === "linux" && process.arch === "x64")(
  "libjuice#355 fix (zero ICE tie-breaker)",
  () => {
    const stock = createRequire(import.meta.url).resolve("@node-datachannel/linux-x64-gnu", {
      paths: [path.join(root, "node_modules/node-datachannel")],
    });

    it("the agent loads the fixed binary, not the stock one", () => {
      expect(loadedBinary()).toBe(path.join(root, "node_modules/node-datachannel/build/Release/node_datachannel.node"));
    });

    it("the fixed binary accepts a signed check and nomination with a tie-breaker of 0", async () => {
      expect(await check(loadedBinary(), "0")).toEqual({ class: "success" });
      expect(await check(loadedBinary(), "9876543210")).toEqual({ class: "success" });
    });

    it("the fixed binary still ignores a check signed with the wrong password", async () => {
      expect(await check(loadedBinary(), "0", "--wrong-password")).toEqual({ class: "none" });
    });

    it("the stock binary still has the bug (when this fails, upstream fixed it: drop scripts/patch-libjuice.mjs)", async () => {
      expect(await check(stock, "0")).toEqual({ class: "error", code: 400 });
      expect(await check(stock, "9876543210")).toEqual({ class: "success" });
    });
  },
);
