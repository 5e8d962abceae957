/**
 * Debian's Chromium, as every browser test and benchmark here launches it. Playwright cannot
 * download its own browser on this machine; the flags keep Chromium from calling out to a
 * network that is closed here (each refused connection costs time) and from needing a GPU.
 */
export const CHROMIUM_EXECUTABLE = process.env.GANGWAY_CHROMIUM ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
