/**
 * `npm run bench`, apps: an app's traffic through the tunnel (app origin → service worker →
 * host page → data channel → agent → 127.0.0.1:<port>) against the same app opened directly
 * on loopback, in the same run and the same Chromium:
 * - bulk download throughput: the test app's /download read to the end by the page;
 * - code-server cold load: a fresh browser context (no cache, no service worker) from
 *   navigation to the workbench with the workspace's files in its explorer.
 * Results go to bench/results/apps.json and the `bench:apps` section of docs/benchmarks.md.
 * Not a test: it reports ratios; the goals are ≤ 1.5× for the cold load and ≥ 0.7× for
 * throughput.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Frame } from "@playwright/test";
import { codeServerCommand } from "../agent/apps/codeServerCommand.js";
import { GatewayApi } from "../e2e/support/api.js";
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from "../e2e/support/chromium.js";
import { Gateway } from "../e2e/support/gateway.js";
import { machineDescription, writeResults, writeSection } from "./report.js";
import { type Summary, summarize } from "./stats.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DOWNLOAD_MB = Number(process.env.BENCH_DOWNLOAD_MB ?? 100);
const DOWNLOAD_RUNS = Number(process.env.BENCH_DOWNLOAD_RUNS ?? 3);
const LOAD_RUNS = Number(process.env.BENCH_LOAD_RUNS ?? 3);
const LOAD_GOAL = 1.5;
const THROUGHPUT_GOAL = 0.7;
const MARKER_FILE = "bench-marker.txt";

interface Figures {
  downloadMBps: { direct: Summary; tunnel: Summary };
  codeServerLoadMs: { direct: Summary; tunnel: Summary } | null;
}

async function main(): Promise<void> {
  const gateway = await Gateway.start();
  const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
  const children: ChildProcess[] = [];
  try {
    const api = new GatewayApi(gateway.url);
    await api.setup("bench", "bench-password");
    const workspace = await api.createWorkspace("bench");
    await api.waitForAgent(workspace.id);
    const folder = path.join(gateway.dataDir, "workspaces", workspace.id, "home");
    await writeFile(path.join(folder, MARKER_FILE), "bench\n");

    const { child, port } = await startProcess(
      [path.join(ROOT, "e2e/apps/testApp.mjs"), "0", "bench app"],
      /listening on (\d+)/,
    );
    children.push(child);
    const downloadMBps = {
      direct: await download(browser, null, `http://127.0.0.1:${port}/`),
      tunnel: await download(browser, api, { workspaceId: workspace.id, slug: String(port) }),
    };
    console.log(
      `download: direct ${downloadMBps.direct.p50.toFixed(1)} MB/s, tunnel ${downloadMBps.tunnel.p50.toFixed(1)} MB/s`,
    );

    let codeServerLoadMs: Figures["codeServerLoadMs"] = null;
    const apps = await api.apps(workspace.id);
    if (apps.apps.some((app) => app.slug === "code-server")) {
      const direct = await startDirectCodeServer(folder);
      children.push(direct.child);
      codeServerLoadMs = {
        direct: await coldLoads(browser, null, `http://127.0.0.1:${direct.port}/?folder=${encodeURIComponent(folder)}`),
        tunnel: await coldLoads(browser, api, { workspaceId: workspace.id, slug: "code-server" }),
      };
      console.log(
        `code-server cold load: direct ${codeServerLoadMs.direct.p50.toFixed(0)} ms, tunnel ${codeServerLoadMs.tunnel.p50.toFixed(0)} ms`,
      );
    } else console.warn("code-server is not installed (npm run code-server:install): its load is not measured");
    await report({ downloadMBps, codeServerLoadMs });
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await browser.close();
    await gateway.stop();
  }
}

type Target = { workspaceId: string; slug: string };

/**
 * Opens `target` in a fresh context: a loopback URL directly, or an app through a ticket
 * (the tab ends on the app's origin with the app in the host page's frame). Resolves with
 * the page and the frame the app runs in.
 */
async function openApp(browser: Browser, api: GatewayApi | null, target: string | Target) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const started = performance.now();
  if (typeof target === "string") {
    await page.goto(target);
    return { context, page, frame: page.mainFrame(), started };
  }
  if (!api) throw new Error("an app target needs the API");
  const ticket = await api.appTicket(target.workspaceId, target.slug);
  await page.goto(ticket.url);
  const handle = await page.locator("iframe").elementHandle({ timeout: 60_000 });
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error("the host page shows no app frame");
  return { context, page, frame, started };
}

async function download(browser: Browser, api: GatewayApi | null, target: string | Target): Promise<Summary> {
  const { context, frame } = await openApp(browser, api, target);
  try {
    await frame.locator("#name").waitFor({ timeout: 30_000 });
    const samples: number[] = [];
    for (let run = 0; run < DOWNLOAD_RUNS; run++) samples.push(await timedDownload(frame));
    return summarize(samples);
  } finally {
    await context.close();
  }
}

/** MB/s of one download, read to its end by the page (10^6 bytes per MB). */
function timedDownload(frame: Frame): Promise<number> {
  return frame.evaluate(async (megabytes) => {
    const started = performance.now();
    const response = await fetch(`/download?mb=${megabytes}`, { cache: "no-store" });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
    }
    return total / 1e6 / ((performance.now() - started) / 1000);
  }, DOWNLOAD_MB);
}

async function coldLoads(browser: Browser, api: GatewayApi | null, target: string | Target): Promise<Summary> {
  const samples: number[] = [];
  for (let run = 0; run < LOAD_RUNS; run++) {
    const { context, frame, started } = await openApp(browser, api, target);
    try {
      await frame
        .locator(".explorer-folders-view")
        .getByText(MARKER_FILE, { exact: true })
        .waitFor({ timeout: 120_000 });
      samples.push(performance.now() - started);
    } finally {
      await context.close();
    }
  }
  return summarize(samples);
}

/** The same code-server build the agent runs, started here on loopback with its own state. */
async function startDirectCodeServer(folder: string) {
  const state = await mkdtemp(path.join(tmpdir(), "gangway-bench-code-server-"));
  const command = codeServerCommand(process.env);
  const started = await startProcess(
    [
      ...command.args,
      "--bind-addr",
      "127.0.0.1:0",
      "--auth",
      "none",
      "--disable-telemetry",
      "--disable-update-check",
      "--config",
      path.join(state, "config.yaml"),
      "--user-data-dir",
      path.join(state, "data"),
      "--extensions-dir",
      path.join(state, "extensions"),
      folder,
    ],
    /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/,
    command.file,
  );
  started.child.once("exit", () => void rm(state, { recursive: true, force: true }));
  return started;
}

/** Spawns a process and resolves once its output names the port it listens on. */
function startProcess(args: string[], ready: RegExp, file = process.execPath) {
  const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise<{ child: ChildProcess; port: number }>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`no port from ${args.join(" ")}:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = ready.exec(output)?.[1];
      if (!port) return;
      clearTimeout(timer);
      resolve({ child, port: Number(port) });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${args[0]} exited with ${code}:\n${output}`)));
  });
}

async function report(figures: Figures): Promise<void> {
  const throughput = figures.downloadMBps.tunnel.p50 / figures.downloadMBps.direct.p50;
  const load = figures.codeServerLoadMs && figures.codeServerLoadMs.tunnel.p50 / figures.codeServerLoadMs.direct.p50;
  const document = {
    date: new Date().toISOString(),
    machine: machineDescription(),
    downloadMegabytes: DOWNLOAD_MB,
    figures,
    ratios: { downloadTunnelOverDirect: throughput, codeServerLoadTunnelOverDirect: load },
    goals: {
      downloadAtLeast: THROUGHPUT_GOAL,
      downloadMet: throughput >= THROUGHPUT_GOAL,
      codeServerLoadAtMost: LOAD_GOAL,
      codeServerLoadMet: load === null ? null : load <= LOAD_GOAL,
    },
  };
  await writeResults("apps", document);
  const { direct, tunnel } = figures.downloadMBps;
  const lines = [
    "| figure | tunnel (data channels) | direct (loopback) | tunnel / direct | goal |",
    "| --- | --- | --- | --- | --- |",
    `| ${DOWNLOAD_MB} MB download, p50 | ${tunnel.p50.toFixed(1)} MB/s | ${direct.p50.toFixed(1)} MB/s | ${throughput.toFixed(2)}× | ≥ ${THROUGHPUT_GOAL}× ${throughput >= THROUGHPUT_GOAL ? "met" : "NOT met"} |`,
  ];
  if (figures.codeServerLoadMs && load !== null) {
    const cold = figures.codeServerLoadMs;
    lines.push(
      `| code-server cold load to workbench with files, p50 | ${cold.tunnel.p50.toFixed(0)} ms | ${cold.direct.p50.toFixed(0)} ms | ${load.toFixed(2)}× | ≤ ${LOAD_GOAL}× ${load <= LOAD_GOAL ? "met" : "NOT met"} |`,
    );
  }
  const table = lines.join("\n");
  console.log(`\n${table}\n`);
  await writeSection(
    "apps",
    `Run ${document.date} on ${document.machine}; ${DOWNLOAD_RUNS} downloads and ${LOAD_RUNS} cold loads per side, each load in a fresh browser context (no cache, no service worker).\n\n${table}`,
  );
}

await main();
