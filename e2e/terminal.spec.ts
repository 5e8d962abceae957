import { expect, test } from "./fixtures.js";
import { LoginPage, SetupPage } from "./pages/AuthPages.js";
import { DashboardPage } from "./pages/DashboardPage.js";
import { TerminalPage } from "./pages/TerminalPage.js";

const ADMIN = { username: "ada", password: "correct-horse-battery" };

test("first run → log in → create a workspace → terminal tab that survives a reload and follows resizes", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await new SetupPage(page).createAdmin(ADMIN.username, ADMIN.password);

  const dashboard = new DashboardPage(page);
  await expect(dashboard.heading()).toBeVisible();
  await dashboard.logOut();
  await expect(page).toHaveURL(/\/login/);
  await new LoginPage(page).signIn(ADMIN.username, ADMIN.password);
  await expect(dashboard.heading()).toBeVisible();
  await expect(page.getByText("No workspaces yet")).toBeVisible();

  await dashboard.createWorkspace("dev");
  await dashboard.waitUntilReady("dev");

  const tab = await dashboard.openTerminal("dev");
  await expect(tab).toHaveURL(/\/workspaces\/[0-9a-f-]{36}\/terminal\/[0-9a-f-]{36}$/);
  const terminalUrl = tab.url();
  const terminal = new TerminalPage(tab);
  await terminal.waitForConnected();
  await expect(tab.getByTestId("connection-state")).toHaveAttribute("data-path", "direct");
  await terminal.waitForPrompt();

  await terminal.run("echo $((6*7))");
  await terminal.waitForLine(/^42$/);

  // Same shell after a reload: earlier output replayed, shell state kept.
  await terminal.run("GANGWAY_MARK=kept-$((20+3)); echo marked");
  await terminal.waitForLine(/^marked$/);
  await tab.reload();
  expect(tab.url()).toBe(terminalUrl);
  await terminal.waitForConnected();
  await terminal.waitForLine(/^42$/);
  await terminal.run('echo "mark=$GANGWAY_MARK"');
  await terminal.waitForLine(/^mark=kept-23$/);

  // The PTY follows the browser window.
  await terminal.run("clear; stty size");
  await terminal.waitForLine(/^\d+ \d+$/);
  const [rowsBefore, colsBefore] = await sttySize(terminal);
  expect(rowsBefore).toBe(await terminal.rowCount());

  await tab.setViewportSize({ width: 820, height: 480 });
  await expect.poll(() => terminal.rowCount()).toBeLessThan(rowsBefore);
  await terminal.run("clear; stty size");
  await expect.poll(async () => (await sttySize(terminal))[0]).toBe(await terminal.rowCount());
  const [rowsAfter, colsAfter] = await sttySize(terminal);
  expect(rowsAfter).toBeLessThan(rowsBefore);
  expect(colsAfter).toBeLessThan(colsBefore);
});

test("a second tab with the same URL attaches to the same shell", async ({ api, context, page }) => {
  await api.setup(ADMIN.username, ADMIN.password);
  const workspace = await api.createWorkspace("pair");
  await api.waitForAgent(workspace.id);
  await api.signIn(context);

  const url = `/workspaces/${workspace.id}/terminal/${crypto.randomUUID()}`;
  await page.goto(url);
  const first = new TerminalPage(page);
  await first.waitForConnected();
  await first.waitForPrompt();

  const secondTab = await context.newPage();
  await secondTab.goto(url);
  const second = new TerminalPage(secondTab);
  await second.waitForConnected();

  await second.run("echo from-$((1+1))-tabs");
  await second.waitForLine(/^from-2-tabs$/);
  await first.waitForLine(/^from-2-tabs$/);
});

/** Parses the last `rows cols` line `stty size` printed. */
async function sttySize(terminal: TerminalPage): Promise<[number, number]> {
  const line = (await terminal.lines()).filter((l) => /^\d+ \d+$/.test(l)).at(-1);
  if (!line) throw new Error("no stty size output on screen");
  const [rows, cols] = line.split(" ").map(Number) as [number, number];
  return [rows, cols];
}

test("copy and paste with Ctrl+Shift+C / Ctrl+Shift+V, 256 colours and Unicode", async ({
  api,
  context,
  gateway,
  page,
}) => {
  await api.setup(ADMIN.username, ADMIN.password);
  const workspace = await api.createWorkspace("keys");
  await api.waitForAgent(workspace.id);
  await api.signIn(context);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: gateway.url });

  await page.goto(`/workspaces/${workspace.id}/terminal/${crypto.randomUUID()}`);
  const terminal = new TerminalPage(page);
  await terminal.waitForConnected();
  await terminal.waitForPrompt();

  await page.evaluate(() => navigator.clipboard.writeText("echo pasted-$((6*7))"));
  await page.locator(".xterm").click();
  await page.keyboard.press("Control+Shift+V");
  // Pasting reads the clipboard asynchronously: Enter must wait until the text is on the line.
  await terminal.waitForLine(/echo pasted-\$\(\(6\*7\)\)$/);
  await page.keyboard.press("Enter");
  await terminal.waitForLine(/^pasted-42$/);

  await terminal.run("echo copy-me-please");
  await terminal.waitForLine(/^copy-me-please$/);
  const row = (await terminal.lines()).lastIndexOf("copy-me-please");
  // A double click selects the word under the pointer (dashes do not split xterm words).
  // (xterm's screen layer takes the pointer events above the rows, so click by position.)
  const box = await page.locator(".xterm-rows > div").nth(row).boundingBox();
  if (!box) throw new Error("the copied line is not on screen");
  await page.mouse.dblclick(box.x + 20, box.y + box.height / 2);
  await page.keyboard.press("Control+Shift+C");
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe("copy-me-please");

  await terminal.run("printf '\\033[38;5;208mAMBER\\033[0m héllo wörld ✓ λ →\\n'");
  await terminal.waitForLine(/^AMBER héllo wörld ✓ λ →$/);
  const amber = page.locator(".xterm-rows span", { hasText: /^AMBER$/ });
  await expect(amber).toHaveClass(/xterm-fg-208/);
});
