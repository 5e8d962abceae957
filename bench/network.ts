/**
 * `npm run bench`, network part: keystroke echo across the network lab, peer-to-peer versus
 * relayed through TURN, measured in the same run on the same workspace.
 *
 * The seed's claim, as a topology: the gateway and its TURN server far away (40 ms each way
 * from the office and from the cluster), the office near the cluster (5 ms each way over a
 * direct link between their routers). The browser runs in the office, the agent in the
 * cluster, each behind its NAT.
 * - direct: the pair ICE selects on its own: peer to peer over the short link;
 * - relayed: the lab's firewall then drops UDP between the two sites, so a new connection can
 *   only go through the TURN server next to the gateway (no product flag involved).
 * Goal: direct keystroke echo p50 ≤ 0.2 × relayed. Needs root (network namespaces); without
 * it, says why and skips. Results: bench/results/network.json, docs/benchmarks.md.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { requireRoot } from "../e2e/network/lab/requireRoot.js";
import { GangwayLab } from "../e2e/network/stack/GangwayLab.js";
import { type ChromiumPair, isRelayed, settledPair } from "../e2e/network/stack/peerProbe.js";
import { ECHO_SAMPLES, type EchoResult, measureEcho } from "./echo.js";
import { machineDescription, writeResults, writeSection } from "./report.js";
import { ECHO_KEY, installTerminalProbe } from "./terminalProbe.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** One-way delays of the topology above. */
const UPLINK_DELAY_MS = 40;
const DIRECT_DELAY_MS = 5;
/** The seed's promise: the direct path makes typing at least five times snappier. */
const GOAL_RATIO = 0.2;

type Path = "direct" | "relayed";

interface PathResult extends EchoResult {
  /** The selected candidate pair in Chromium when the measurement started. */
  pair: ChromiumPair;
}

async function main(): Promise<void> {
  const notRoot = requireRoot();
  if (notRoot !== undefined) {
    console.warn(`bench/network.ts skipped: ${notRoot}`);
    return;
  }
  const spaDir = path.join(ROOT, "dist");
  if (!existsSync(path.join(spaDir, "index.html"))) throw new Error("build the SPA first (npx vite build)");
  const stack = await GangwayLab.start({
    spaDir,
    ice: "stun+turn",
    lab: {
      office: { uplinkDelayMs: UPLINK_DELAY_MS },
      cluster: { uplinkDelayMs: UPLINK_DELAY_MS },
      directLink: { delayMs: DIRECT_DELAY_MS },
    },
  });
  try {
    // tsx compiles with esbuild's keepNames, which wraps functions in `__name(...)` calls;
    // a function serialized into the page needs that helper there too.
    await stack.context.addInitScript({ content: "globalThis.__name ??= (target) => target;" });
    await stack.context.addInitScript(installTerminalProbe, ECHO_KEY);
    await stack.signIn();
    const workspace = await stack.createWorkspace("bench");
    const measure = async (expected: Path): Promise<PathResult> => {
      let pair: ChromiumPair | null = null;
      const checkPath = async (page: Page) => {
        const wanted = (candidate: ChromiumPair) => isRelayed(candidate) === (expected === "relayed");
        pair = await settledPair(page, wanted);
        if (!pair || !wanted(pair)) throw new Error(`expected a ${expected} pair, got ${JSON.stringify(pair)}`);
      };
      const echo = await measureEcho(stack.context, stack.origin, workspace.id, "direct", checkPath);
      console.log(`${expected}: echo p50 ${echo.echoMs.p50.toFixed(1)} ms, p99 ${echo.echoMs.p99.toFixed(1)} ms`);
      return { ...echo, pair: pair as unknown as ChromiumPair };
    };
    const direct = await measure("direct");
    await stack.lab.reconfigure({ blockUdpBetweenSites: true });
    const relayed = await measure("relayed");
    await report({ direct, relayed });
  } finally {
    await stack.dispose();
  }
}

async function report(results: Record<Path, PathResult>): Promise<void> {
  const { direct, relayed } = results;
  const ratio = direct.echoMs.p50 / relayed.echoMs.p50;
  const document = {
    date: new Date().toISOString(),
    machine: machineDescription(),
    topology: { uplinkDelayMs: UPLINK_DELAY_MS, directLinkDelayMs: DIRECT_DELAY_MS },
    results,
    ratios: { echoP50DirectOverRelayed: ratio },
    goals: { echoP50DirectAtMostFifthOfRelayed: ratio <= GOAL_RATIO },
  };
  await writeResults("network", document);
  const pairOf = ({ pair }: PathResult) => `${pair.local.candidateType} ↔ ${pair.remote.candidateType}`;
  const table = [
    "| figure | direct (peer to peer) | relayed (TURN next to the gateway) | direct / relayed |",
    "| --- | --- | --- | --- |",
    `| selected pair in Chromium (browser ↔ agent) | ${pairOf(direct)} | ${pairOf(relayed)} | |`,
    row("keystroke echo p50 (rendered)", direct.echoMs.p50, relayed.echoMs.p50),
    row("keystroke echo p99 (rendered)", direct.echoMs.p99, relayed.echoMs.p99),
    row("keystroke echo p50 (bytes arrived)", direct.echoArrivalMs.p50, relayed.echoArrivalMs.p50),
    row("keystroke echo p99 (bytes arrived)", direct.echoArrivalMs.p99, relayed.echoArrivalMs.p99),
    row("stream echo p50 (no keyboard, no rendering)", direct.streamEchoMs.p50, relayed.streamEchoMs.p50),
    row("stream echo p99 (no keyboard, no rendering)", direct.streamEchoMs.p99, relayed.streamEchoMs.p99),
  ].join("\n");
  console.log(`\n${table}\n`);
  await writeSection(
    "network",
    `Run ${document.date} on ${document.machine}; ${ECHO_SAMPLES} keystrokes per path; ${UPLINK_DELAY_MS} ms each way between each site and the internet, ${DIRECT_DELAY_MS} ms each way on the direct link.\n\n${table}\n\nGoal: echo p50 direct ≤ ${GOAL_RATIO} × relayed: ${document.goals.echoP50DirectAtMostFifthOfRelayed ? "met" : "NOT met"} (${ratio.toFixed(2)}×).`,
  );
}

function row(label: string, direct: number, relayed: number): string {
  return `| ${label} | ${direct.toFixed(1)} ms | ${relayed.toFixed(1)} ms | ${(direct / relayed).toFixed(2)}× |`;
}

await main();
