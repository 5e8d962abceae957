import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "./fixtures.js";
import { AppTab } from "./pages/AppTab.js";
import { WorkspacePage } from "./pages/WorkspacePage.js";

const CODE_SERVER = path.join(os.homedir(), ".cache", "gangway", "code-server-4.100.3");
// CI installs code-server first (.ci/run), so there a missing install fails instead of skipping.
const installed = existsSync(CODE_SERVER) || Boolean(process.env.GANGWAY_CODE_SERVER) || Boolean(process.env.CI);
test.skip(!installed, `code-server is not installed at ${CODE_SERVER}: run npm run code-server:install`);

test("code-server opens from the dashboard: workbench, the workspace's files, its integrated terminal", async ({
  page,
  context,
  api,
  gateway,
}) => {
  test.setTimeout(180_000);
  await api.setup("ada", "correct-horse-battery");
  await api.signIn(context);
  const workspace = await api.createWorkspace("dev");
  await api.waitForAgent(workspace.id);
  // The local provider's workspace directory is <data dir>/workspaces/<id>/home.
  const folder = path.join(gateway.dataDir, "workspaces", workspace.id, "home");
  await writeFile(path.join(folder, "hello-gangway.txt"), "Gangway was here: 6*7 is 42\n");
  // The terminal's DOM renderer, so the test can read what it shows (without a GPU VS Code
  // would draw on a canvas). A user setting, where the agent keeps code-server's state.
  const settings = path.join(folder, ".gangway", "code-server", "data", "User");
  await mkdir(settings, { recursive: true });
  await writeFile(
    path.join(settings, "settings.json"),
    JSON.stringify({ "terminal.integrated.gpuAcceleration": "off" }),
  );

  const workspacePage = new WorkspacePage(page);
  await workspacePage.goto(workspace.id);
  const tab = new AppTab(await workspacePage.openApp("code-server"));
  await tab.origin();
  const vscode = tab.frame();

  // The workbench renders with the workspace's folder in the explorer.
  await expect(vscode.locator(".monaco-workbench")).toBeVisible({ timeout: 90_000 });
  const explorer = vscode.locator(".explorer-folders-view");
  const file = explorer.getByText("hello-gangway.txt", { exact: true });
  await expect(file).toBeVisible({ timeout: 60_000 });

  // The file opens in the editor with its contents.
  await file.click();
  await expect(vscode.locator(".editor-instance .view-lines")).toContainText("Gangway was here: 6*7 is 42", {
    timeout: 30_000,
  });

  // The integrated terminal runs a command: its bytes travel over the app's WebSocket.
  await vscode.locator(".monaco-workbench").press("Control+Backquote");
  const terminal = vscode.locator(".terminal-wrapper.active .xterm");
  await expect(terminal).toBeVisible({ timeout: 30_000 });
  await terminal.click();
  await tab.page.keyboard.type("echo gangway-$((6*7))-done");
  await tab.page.keyboard.press("Enter");
  await expect(vscode.locator(".terminal-wrapper.active .xterm-rows")).toContainText("gangway-42-done", {
    timeout: 30_000,
  });
  await tab.page.screenshot({ path: test.info().outputPath("code-server.png") });
});
