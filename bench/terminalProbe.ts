/**
 * In-page instrumentation for the terminal benchmark, installed with `addInitScript` before
 * the SPA loads. It measures from the browser's own clock:
 * - `firstPromptAt`: epoch ms when a shell prompt first appears in xterm's rendered rows;
 * - echo samples: ms from a trusted keydown of `ECHO_KEY` until xterm's rendered rows hold
 *   one more of that character (xterm's DOM renderer mutates rows in its render frame, so
 *   this is "until the echo is rendered").
 */
export const ECHO_KEY = "x";

export interface TerminalProbe {
  firstPromptAt: number | null;
  pendingSince: number | null;
  baseline: number;
  samples: number[];
}

declare global {
  interface Window {
    __gangwayProbe: TerminalProbe;
  }
}

/** Runs in the page (serialized by Playwright): keep it self-contained. */
export function installTerminalProbe(echoKey: string): void {
  const probe: TerminalProbe = { firstPromptAt: null, pendingSince: null, baseline: 0, samples: [] };
  window.__gangwayProbe = probe;
  const rowsText = () => document.querySelector(".xterm-rows")?.textContent ?? "";
  const countKey = () => rowsText().split(echoKey).length - 1;
  const promptPattern = /[$#]$/;
  document.addEventListener(
    "keydown",
    (event) => {
      if (event.key !== echoKey) return;
      probe.baseline = countKey();
      probe.pendingSince = performance.now();
    },
    true,
  );
  const observer = new MutationObserver(() => {
    if (probe.firstPromptAt === null) {
      const rows = Array.from(document.querySelectorAll(".xterm-rows > div"), (row) => row.textContent ?? "");
      if (rows.some((row) => promptPattern.test(row.replace(/\u00a0/g, " ").trimEnd()))) {
        probe.firstPromptAt = performance.timeOrigin + performance.now();
      }
    }
    if (probe.pendingSince !== null && countKey() > probe.baseline) {
      probe.samples.push(performance.now() - probe.pendingSince);
      probe.pendingSince = null;
    }
  });
  const start = () => observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
}
