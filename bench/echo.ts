/**
 * Keystroke echo in a terminal tab, shared by the benchmarks (`run.ts`, `network.ts`). The
 * page must carry the terminal probe (`terminalProbe.ts`) as an init script.
 */
import type { BrowserContext, Page } from "@playwright/test";
import { type Summary, summarize } from "./stats.js";
import { ECHO_KEY } from "./terminalProbe.js";

/** Keystrokes per measurement: enough for a stable p99 (the 2nd-worst of 200). */
export const ECHO_SAMPLES = Number(process.env.BENCH_ECHO_SAMPLES ?? 200);
/** Warm-up keystrokes not counted (JIT, first renders). */
export const ECHO_WARMUP = 20;
/** Clear the line every so often so the prompt line never wraps. */
const CLEAR_LINE_EVERY = 40;
/** Pause between keystrokes, like a fast typist; keeps samples independent. */
const KEY_GAP_MS = 15;
/** After clearing the line, before the next keystroke (the shell's redraw on a fast path). */
const CLEAR_SETTLE_MS = 50;

export type Transport = "direct" | "relay";

export interface EchoResult {
  /** Trusted keydown → echo rendered by xterm. */
  echoMs: Summary;
  /** Trusted keydown → echo bytes arrived on the stream (the transport's share). */
  echoArrivalMs: Summary;
  /** One byte sent on the stream by script → its echo arrives: no keyboard, no rendering. */
  streamEchoMs: Summary;
}

/**
 * Types ECHO_KEY into a new terminal tab and collects keydown → rendered-echo times. `relay`
 * is the bench-only reverse-proxy reference (`?transport=relay`); `onReady` runs once the
 * prompt is drawn (to check which network path the tab took, say).
 */
export async function measureEcho(
  context: BrowserContext,
  baseUrl: string,
  workspaceId: string,
  transport: Transport,
  onReady?: (page: Page) => Promise<void>,
): Promise<EchoResult> {
  const page = await context.newPage();
  const query = transport === "relay" ? "?transport=relay" : "";
  await page.goto(`${baseUrl}/workspaces/${workspaceId}/terminal/${crypto.randomUUID()}${query}`);
  await page.waitForFunction(() => window.__gangwayProbe?.firstPromptAt !== null, undefined, { timeout: 30_000 });
  await onReady?.(page);
  await page.locator(".xterm").click();
  for (let i = 0; i < ECHO_WARMUP + ECHO_SAMPLES; i++) {
    if (i % CLEAR_LINE_EVERY === 0) await clearLine(page);
    const before = await page.evaluate(() => window.__gangwayProbe.renderedMs.length);
    await page.keyboard.press(ECHO_KEY);
    await page.waitForFunction((n) => window.__gangwayProbe.renderedMs.length > n, before, { polling: 5 });
    await page.waitForTimeout(KEY_GAP_MS);
  }
  const { renderedMs, arrivedMs } = await page.evaluate(() => window.__gangwayProbe);
  await clearLine(page);
  const streamEcho = await page.evaluate(streamRoundTrips, { count: ECHO_WARMUP + ECHO_SAMPLES, gapMs: KEY_GAP_MS });
  await clearLine(page);
  await terminateShell(page);
  await page.close();
  return {
    echoMs: summarize(renderedMs.slice(ECHO_WARMUP)),
    echoArrivalMs: summarize(arrivedMs.slice(ECHO_WARMUP)),
    streamEchoMs: summarize(streamEcho.slice(ECHO_WARMUP)),
  };
}

/** In the page: sends ECHO_KEY on the stream `count` times, timing each echo's arrival. */
async function streamRoundTrips({ count, gapMs }: { count: number; gapMs: number }): Promise<number[]> {
  const probe = window.__gangwayProbe;
  const send = probe.sendToStream;
  if (!send) throw new Error("the probe saw no terminal stream");
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await new Promise<void>((resolve) => {
      probe.onStreamBytes = resolve;
      send(new TextEncoder().encode("x"));
    });
    samples.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    if (i % 40 === 39) send(new Uint8Array([0x15]));
  }
  return samples;
}

/**
 * Clears the prompt line and waits until the screen shows it cleared: on a path with a long
 * round trip the clear lands after the next keydown, which would then count the wrong line.
 */
async function clearLine(page: Page): Promise<void> {
  const count = () =>
    page.evaluate((key) => (document.querySelector(".xterm-rows")?.textContent ?? "").split(key).length - 1, ECHO_KEY);
  const before = await count();
  await page.keyboard.press("Control+U");
  await page.waitForTimeout(CLEAR_SETTLE_MS);
  if (before === 0) return;
  await page.waitForFunction(
    ({ key, before }) => (document.querySelector(".xterm-rows")?.textContent ?? "").split(key).length - 1 < before,
    { key: ECHO_KEY, before },
    { polling: 5 },
  );
}

/** Ends the benchmark's shell so sessions do not pile up in the agent. */
export async function terminateShell(page: Page): Promise<void> {
  await page.keyboard.type("exit\n");
  await page.waitForTimeout(100);
}
