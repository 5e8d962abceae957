/**
 * `npm run bench`: terminal latency in headless Chromium against the real stack.
 *
 * Measured in one run, for two transports of the same PTY bytes:
 * - direct: the browser's RTCPeerConnection ⇄ agent data channel (the product);
 * - relay: a WebSocket through the gateway to the agent's socket (the reverse-proxy
 *   architecture Gangway replaces, enabled only with GANGWAY_BENCH_RELAY=1).
 * Figures: keystroke echo p50/p99 (trusted keydown until the echo is rendered) and time
 * from clicking Terminal to the first prompt on screen. Results go to
 * bench/results/latest.json and a table in docs/benchmarks.md. Not a test: it asserts no
 * timing, it reports ratios against the reference measured in the same run.
 */
import { type BrowserContext, chromium } from "@playwright/test";
import { GatewayApi } from "../e2e/support/api.js";
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from "../e2e/support/chromium.js";
import { Gateway } from "../e2e/support/gateway.js";
import { ECHO_SAMPLES, type EchoResult, measureEcho, type Transport, terminateShell } from "./echo.js";
import { machineDescription, writeResults, writeSection } from "./report.js";
import { type Summary, summarize } from "./stats.js";
import { ECHO_KEY, installTerminalProbe, PROMPT_DRAWN_MESSAGE } from "./terminalProbe.js";

/** New terminal tabs opened per transport for the time-to-first-prompt figure. */
const PROMPT_RUNS = Number(process.env.BENCH_PROMPT_RUNS ?? 10);

interface TransportResult extends EchoResult {
  /** Click on Terminal → prompt drawn in the new tab. */
  firstPromptMs: Summary;
  /** Median ms from the click to each phase of opening the terminal. */
  firstPromptPhasesMs: Record<string, number>;
}

async function main(): Promise<void> {
  const gateway = await Gateway.start({ benchRelay: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
  try {
    const api = new GatewayApi(gateway.url);
    await api.setup("bench", "bench-password");
    const workspace = await api.createWorkspace("bench");
    await api.waitForAgent(workspace.id);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const [name, value] = api.sessionCookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: gateway.url }]);
    // tsx compiles with esbuild's keepNames, which wraps functions in `__name(...)` calls;
    // a function serialized into the page needs that helper there too.
    await context.addInitScript({ content: "globalThis.__name ??= (target) => target;" });
    await context.addInitScript(installTerminalProbe, ECHO_KEY);

    const results = {} as Record<Transport, TransportResult>;
    // BENCH_PROMPT_ONLY=direct: only that transport's first-prompt figure, printed, not recorded.
    const promptOnly = process.env.BENCH_PROMPT_ONLY as Transport | undefined;
    if (promptOnly) {
      const prompt = await measureFirstPrompt(context, gateway.url, workspace.id, promptOnly);
      console.log(prompt.firstPromptMs, prompt.firstPromptPhasesMs);
      return;
    }
    for (const transport of ["relay", "direct"] as const) {
      const prompt = await measureFirstPrompt(context, gateway.url, workspace.id, transport);
      const echo = await measureEcho(context, gateway.url, workspace.id, transport);
      results[transport] = { ...echo, ...prompt };
      const { echoMs, firstPromptMs } = results[transport];
      console.log(
        `${transport}: echo p50 ${echoMs.p50.toFixed(2)} ms, first prompt p50 ${firstPromptMs.p50.toFixed(0)} ms`,
      );
    }
    await report(results);
  } finally {
    await browser.close();
    await gateway.stop();
  }
}

/** Clicks Terminal on the workspace page and times the new tab until a prompt is drawn. */
async function measureFirstPrompt(
  context: BrowserContext,
  baseUrl: string,
  workspaceId: string,
  transport: Transport,
): Promise<Pick<TransportResult, "firstPromptMs" | "firstPromptPhasesMs">> {
  const samples: number[] = [];
  const phases: Record<string, number[]> = {};
  const page = await context.newPage();
  await page.goto(`${baseUrl}/workspaces/${workspaceId}`);
  const button = page.getByRole("button", { name: /terminal/i }).first();
  await button.waitFor();
  for (let run = 0; run < PROMPT_RUNS; run++) {
    // The relay reference opens the same page with ?transport=relay, so the click is
    // replaced by window.open of that URL at the same moment.
    const popupPromise = context.waitForEvent("page");
    const promptDrawn = context.waitForEvent("console", {
      predicate: (message) => message.text() === PROMPT_DRAWN_MESSAGE,
      timeout: 30_000,
    });
    const clickedAt = await page.evaluate((relay) => {
      const at = performance.timeOrigin + performance.now();
      if (relay)
        window.open(`${location.pathname}/terminal/${crypto.randomUUID()}?transport=relay`, "_blank", "noopener");
      else
        (
          Array.from(document.querySelectorAll("button")).find((b) =>
            /terminal/i.test(b.textContent ?? ""),
          ) as HTMLButtonElement
        ).click();
      return at;
    }, transport === "relay");
    const popup = await popupPromise;
    await promptDrawn;
    const probe = await popup.evaluate(() => ({
      ...Object.fromEntries(
        performance
          .getEntriesByType("resource")
          .map((entry) => [
            `loaded:${new URL(entry.name).pathname.replace(/-[\w-]{8}\.js$/, ".js")}`,
            performance.timeOrigin + (entry as PerformanceResourceTiming).responseEnd,
          ]),
      ),
      domContentLoaded:
        performance.timeOrigin +
        (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
      ...window.__gangwayProbe.marks,
      pageStart: performance.timeOrigin,
      promptDrawn: window.__gangwayProbe.firstPromptAt as number,
    }));
    if (process.env.BENCH_VERBOSE) console.log(JSON.stringify({ clickedAt, ...probe }));
    for (const [phase, at] of Object.entries(probe)) phases[phase] = [...(phases[phase] ?? []), at - clickedAt];
    const promptAt = probe.promptDrawn;
    samples.push(promptAt - clickedAt);
    if (process.env.BENCH_VERBOSE) console.log(`${transport} run ${run}: ${(promptAt - clickedAt).toFixed(0)} ms`);
    await terminateShell(popup);
    await popup.close();
  }
  await page.close();
  const firstPromptPhasesMs = Object.fromEntries(
    Object.entries(phases)
      .map(([phase, times]) => [phase, summarize(times).p50] as const)
      .sort((a, b) => a[1] - b[1]),
  );
  return { firstPromptMs: summarize(samples), firstPromptPhasesMs };
}

async function report(results: Record<Transport, TransportResult>): Promise<void> {
  const direct = results.direct;
  const relay = results.relay;
  const echoRatio = direct.echoMs.p50 / relay.echoMs.p50;
  const document = {
    date: new Date().toISOString(),
    machine: machineDescription(),
    results,
    ratios: { echoP50DirectOverRelay: echoRatio },
    goals: {
      echoP50DirectNoWorseThanRelay: echoRatio <= 1,
      firstPromptP50AtMost300ms: direct.firstPromptMs.p50 <= 300,
    },
  };
  await writeResults("latest", document);
  const table = [
    "| figure | direct (data channel) | relay through gateway (reference) | direct / relay |",
    "| --- | --- | --- | --- |",
    row("keystroke echo p50 (rendered)", direct.echoMs.p50, relay.echoMs.p50),
    row("keystroke echo p99 (rendered)", direct.echoMs.p99, relay.echoMs.p99),
    row("keystroke echo p50 (bytes arrived)", direct.echoArrivalMs.p50, relay.echoArrivalMs.p50),
    row("keystroke echo p99 (bytes arrived)", direct.echoArrivalMs.p99, relay.echoArrivalMs.p99),
    row("stream echo p50 (no keyboard, no rendering)", direct.streamEchoMs.p50, relay.streamEchoMs.p50),
    row("stream echo p99 (no keyboard, no rendering)", direct.streamEchoMs.p99, relay.streamEchoMs.p99),
    row("click Terminal → first prompt p50", direct.firstPromptMs.p50, relay.firstPromptMs.p50),
    row("click Terminal → first prompt p99", direct.firstPromptMs.p99, relay.firstPromptMs.p99),
  ].join("\n");
  const phases = (transport: Transport) =>
    Object.entries(results[transport].firstPromptPhasesMs)
      .map(([phase, ms]) => `${phase} +${ms.toFixed(0)}`)
      .join(", ");
  const breakdown = `Median ms after the click, direct: ${phases("direct")}.\n\nRelay: ${phases("relay")}.`;
  console.log(`\n${table}\n\n${breakdown}\n`);
  await writeSection(
    "terminal",
    `Run ${document.date} on ${document.machine}; ${ECHO_SAMPLES} keystrokes and ${PROMPT_RUNS} new tabs per transport.\n\n${table}\n\n${breakdown}\n\nGoals: echo p50 direct ≤ relay: ${document.goals.echoP50DirectNoWorseThanRelay ? "met" : "NOT met"}; first prompt p50 ≤ 300 ms: ${document.goals.firstPromptP50AtMost300ms ? "met" : "NOT met"}.`,
  );
}

function row(label: string, direct: number, relay: number): string {
  return `| ${label} | ${direct.toFixed(2)} ms | ${relay.toFixed(2)} ms | ${(direct / relay).toFixed(2)}× |`;
}

await main();
