import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures.js";
import { AppTab } from "./pages/AppTab.js";
import { TerminalPage } from "./pages/TerminalPage.js";
import { WorkspacePage } from "./pages/WorkspacePage.js";
import type { GatewayApi } from "./support/api.js";

const TEST_APP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "apps/testApp.mjs");
const PASSWORD = "correct-horse-battery";

/** Opens a terminal tab in the workspace (its shell is the agent's child, like a user's). */
async function openTerminal(page: Page, workspaceId: string): Promise<TerminalPage> {
  await page.goto(`/workspaces/${workspaceId}/terminal/${randomUUID()}`);
  const terminal = new TerminalPage(page);
  await terminal.waitForConnected();
  await terminal.waitForPrompt();
  return terminal;
}

/** First run as "ada", a running workspace "dev", and a terminal tab in it. */
async function workspaceWithTerminal(api: GatewayApi, context: BrowserContext) {
  await api.setup("ada", PASSWORD);
  await api.signIn(context);
  const workspace = await api.createWorkspace("dev");
  await api.waitForAgent(workspace.id);
  return { workspace, terminal: await openTerminal(await context.newPage(), workspace.id) };
}

/** Starts the test app from the terminal on a free port and returns the port it printed. */
async function startTestApp(terminal: TerminalPage, name: string): Promise<number> {
  await terminal.run(`node ${TEST_APP} 0 '${name}' &`);
  const pattern = new RegExp(`${name} listening on (\\d+)$`);
  let port = 0;
  await expect
    .poll(
      async () => {
        const line = (await terminal.lines()).find((candidate) => pattern.test(candidate));
        port = Number(line ? pattern.exec(line)?.[1] : 0);
        return port;
      },
      { timeout: 15_000 },
    )
    .toBeGreaterThan(0);
  return port;
}

test("a web server started in a terminal opens on its own origin: page, assets, WebSocket, redirect, cookies, reload", async ({
  page,
  context,
  api,
  gateway,
}) => {
  const { workspace, terminal } = await workspaceWithTerminal(api, context);
  const first = await startTestApp(terminal, "first app");
  const second = await startTestApp(terminal, "second app");

  const workspacePage = new WorkspacePage(page);
  await workspacePage.goto(workspace.id);
  await expect(workspacePage.app(String(first))).toContainText(`Port ${first} · node`, { timeout: 15_000 });
  const tab = new AppTab(await workspacePage.openApp(String(first)));
  const gatewayPort = new URL(gateway.url).port;
  expect(await tab.origin()).toBe(`http://${first}--dev--ada.apps.localhost:${gatewayPort}`);

  const app = tab.frame();
  await expect(app.locator("#name")).toHaveText("first app");
  // Connected and loaded: nothing covers the app.
  await expect(tab.page.getByTestId("app-overlay")).toHaveAttribute("data-state", "hidden");
  // The app page says how it is connected, as the terminal page does.
  const badge = tab.page.getByTestId("connection-state");
  await expect(badge).toHaveAttribute("data-path", "direct");
  await badge.click();
  await expect(tab.page.getByTestId("diag-path")).toHaveAttribute("data-path", "direct");
  await expect(tab.page.getByTestId("diag-local")).toHaveAttribute("data-type", "host");
  await expect(tab.page.getByTestId("diag-bytes")).toContainText("received");
  await badge.click();
  await expect(tab.page.getByTestId("connection-panel")).toBeHidden();
  // The stylesheet comes gzip-encoded from the app; the tab decodes it.
  await expect(app.locator("h1")).toHaveCSS("color", "rgb(0, 90, 160)");
  await expect(app.locator("#ws")).toHaveText("hello from first app | bytes:1,2,3,250 | protocol echo.v1");
  await expect(tab.page).toHaveTitle(/first app/);

  // A redirect to the app's own loopback address lands on the app's origin; the tab's URL follows.
  await app.locator("#redirect").click();
  await expect(app.locator("#landed")).toHaveText("?from=redirect");
  await expect(tab.page).toHaveURL(/\/landed\?from=redirect$/);

  // Cookies: scripts see the app's ordinary cookies, not its HttpOnly ones; the app gets both.
  const frame = await tab.appFrame();
  const cookies = await frame.evaluate(async () => {
    await fetch("/set-cookie");
    const echoed = (await (await fetch("/cookies")).json()) as { cookie: string };
    return { script: document.cookie, server: echoed.cookie };
  });
  expect(cookies.script).toContain("visible=seen-by-scripts");
  expect(cookies.script).not.toContain("secret");
  expect(cookies.server).toContain("visible=seen-by-scripts");
  expect(cookies.server).toContain("secret=server-only");
  expect(cookies.server).not.toContain("gangway");

  // A reload keeps the place and the cookies.
  await tab.page.reload();
  await expect(tab.frame().locator("#landed")).toHaveText("?from=redirect");
  const afterReload = await (await tab.appFrame()).evaluate(
    async () => ((await (await fetch("/cookies")).json()) as { cookie: string }).cookie,
  );
  expect(afterReload).toContain("secret=server-only");

  // The browser may stop an idle service worker at any time: the next request starts it
  // again, finds the host page and the cookie jar anew, and gets through.
  const devtools = await tab.page.context().newCDPSession(tab.page);
  const statuses: string[] = [];
  devtools.on("ServiceWorker.workerVersionUpdated", ({ versions }) => {
    for (const version of versions) statuses.push(version.runningStatus);
  });
  await devtools.send("ServiceWorker.enable");
  await devtools.send("ServiceWorker.stopAllWorkers");
  await expect.poll(() => statuses.at(-1)).toBe("stopped");
  const afterRestart = await (await tab.appFrame()).evaluate(
    async () => ((await (await fetch("/cookies")).json()) as { cookie: string }).cookie,
  );
  expect(afterRestart).toContain("secret=server-only");
  await devtools.detach();

  // A second app, side by side on its own origin, while the first keeps working.
  const secondTab = new AppTab(await workspacePage.openApp(String(second)));
  expect(await secondTab.origin()).toBe(`http://${second}--dev--ada.apps.localhost:${gatewayPort}`);
  await expect(secondTab.frame().locator("#ws")).toHaveText(/^hello from second app \| bytes:1,2,3,250/);
  const secondCookies = await (await secondTab.appFrame()).evaluate(() => document.cookie);
  expect(secondCookies).not.toContain("visible");
  const stillThere = await (await tab.appFrame()).evaluate(async () => (await fetch("/headers")).status);
  expect(stillThere).toBe(200);
});

test("downloads stream: 100 MB arrives whole with the tab's buffering bounded; Range and HEAD pass through", async ({
  context,
  api,
}) => {
  const { workspace, terminal } = await workspaceWithTerminal(api, context);
  const port = await startTestApp(terminal, "files");
  const workspacePage = new WorkspacePage(await context.newPage());
  await workspacePage.goto(workspace.id);
  const tab = new AppTab(await workspacePage.openApp(String(port)));
  await expect(tab.frame().locator("#name")).toHaveText("files");
  const frame = await tab.appFrame();

  const ranged = await frame.evaluate(async () => {
    const partial = await fetch("/download?mb=1", { headers: { range: "bytes=1000-1009" } });
    const head = await fetch("/download?mb=1", { method: "HEAD" });
    return {
      status: partial.status,
      range: partial.headers.get("content-range"),
      bytes: Array.from(new Uint8Array(await partial.arrayBuffer())),
      headStatus: head.status,
      headLength: head.headers.get("content-length"),
      headBody: (await head.arrayBuffer()).byteLength,
    };
  });
  expect(ranged.status).toBe(206);
  expect(ranged.range).toBe("bytes 1000-1009/1048576");
  expect(ranged.bytes).toEqual(Array.from({ length: 10 }, (_, index) => (1000 + index) % 251));
  expect(ranged.headStatus).toBe(200);
  expect(ranged.headLength).toBe("1048576");
  expect(ranged.headBody).toBe(0);

  // A reader that stops for a while: what the tab holds for it stays within the download
  // window, however much the app could send. Then it reads the rest: 100 MB, every byte right.
  const result = await frame.evaluate(async () => {
    const host = (window.top as unknown as { __gangwayHost: { stats(): { bufferedBytes: number } } }).__gangwayHost;
    const response = await fetch("/download?mb=100");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let total = 0;
    let wrong = 0;
    let peakWhilePaused = 0;
    let paused = false;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // Spot-check the pattern (byte i is i % 251) without slowing the reader much.
      for (let index = 0; index < value.length; index += 4099) if (value[index] !== (total + index) % 251) wrong++;
      total += value.length;
      if (!paused && total > 8 * 1024 * 1024) {
        paused = true;
        for (let sample = 0; sample < 20; sample++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          peakWhilePaused = Math.max(peakWhilePaused, host.stats().bufferedBytes);
        }
      }
    }
    return { total, wrong, peakWhilePaused, length: response.headers.get("content-length") };
  });
  expect(result.total).toBe(100 * 1024 * 1024);
  expect(result.length).toBe(String(100 * 1024 * 1024));
  expect(result.wrong).toBe(0);
  // The window is 2 MiB (APP_DOWNLOAD_WINDOW_BYTES); allow the stream's own queue on top.
  expect(result.peakWhilePaused).toBeGreaterThan(0);
  expect(result.peakWhilePaused).toBeLessThanOrEqual(4 * 1024 * 1024);
});

test("an app's origin cannot act as the user, and a ticket opens only its own app", async ({
  page,
  context,
  api,
  gateway,
}) => {
  const { workspace, terminal } = await workspaceWithTerminal(api, context);
  const port = await startTestApp(terminal, "nosy app");
  const workspacePage = new WorkspacePage(page);
  await workspacePage.goto(workspace.id);
  const tab = new AppTab(await workspacePage.openApp(String(port)));
  await expect(tab.frame().locator("#name")).toHaveText("nosy app");
  const frame = await tab.appFrame();

  const attempts = await frame.evaluate(async (dashboard) => {
    const outcome = async (request: () => Promise<Response>) => {
      try {
        const response = await request();
        return `status ${response.status}`;
      } catch (error) {
        return `refused: ${(error as Error).name}`;
      }
    };
    return {
      cookie: document.cookie,
      hostCookie: window.top?.document.cookie ?? "",
      read: await outcome(() => fetch(`${dashboard}/api/v1/workspaces`, { credentials: "include" })),
      write: await outcome(() =>
        fetch(`${dashboard}/api/v1/workspaces`, {
          method: "POST",
          mode: "no-cors",
          credentials: "include",
          headers: { "content-type": "text/plain" },
          body: JSON.stringify({ name: "planted" }),
        }),
      ),
      writeJson: await outcome(() =>
        fetch(`${dashboard}/api/v1/workspaces`, {
          method: "POST",
          credentials: "include",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name: "planted-json" }),
        }),
      ),
    };
  }, gateway.url);
  expect(attempts.cookie).not.toContain("gangway");
  expect(attempts.hostCookie).not.toContain("gangway");
  expect(attempts.read).toBe("refused: TypeError");
  expect(attempts.writeJson).toBe("refused: TypeError");
  const names = (await api.workspaces()).workspaces.map((candidate) => candidate.name);
  expect(names).toEqual(["dev"]);

  // A ticket for this app, presented on another app's origin, is refused; a fresh one opens
  // the app where it belongs, once.
  const misdirected = await api.appTicket(workspace.id, String(port));
  const refused = await context.newPage();
  const response = await refused.goto(misdirected.url.replace(`${port}--dev--ada`, "code-server--dev--ada"));
  expect(response?.status()).toBe(401);
  await expect(refused.getByText(/open (this|the) app from the/i)).toBeVisible();
  const ticket = await api.appTicket(workspace.id, String(port));
  const accepted = await context.newPage();
  await accepted.goto(ticket.url);
  await expect(new AppTab(accepted).frame().locator("#name")).toHaveText("nosy app");
  const reused = await (await context.newPage()).goto(ticket.url);
  expect(reused?.status()).toBe(401);
});
