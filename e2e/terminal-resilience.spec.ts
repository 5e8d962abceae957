import { expect, test } from "./fixtures.js";
import { TerminalPage } from "./pages/TerminalPage.js";

test.beforeEach(async ({ api, context }) => {
  await api.setup("ada", "correct-horse-battery");
  await api.signIn(context);
});

test("an open terminal keeps working while the gateway is down; the agent re-joins the restarted gateway", async ({
  api,
  gateway,
  page,
}) => {
  const workspace = await api.createWorkspace("steady");
  await api.waitForAgent(workspace.id);
  await page.goto(`/workspaces/${workspace.id}/terminal/${crypto.randomUUID()}`);
  const terminal = new TerminalPage(page);
  await terminal.waitForConnected();
  await terminal.waitForPrompt();

  await gateway.crash();
  await terminal.run("echo during-outage-$((3*3))");
  await terminal.waitForLine(/^during-outage-9$/);
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "connected");

  await gateway.restart();
  await api.waitForAgent(workspace.id);
  // A fresh page load goes through the restarted gateway and finds the same shell.
  await page.reload();
  await terminal.waitForConnected();
  await terminal.waitForLine(/^during-outage-9$/);
  await terminal.run("echo after-restart-$((4*4))");
  await terminal.waitForLine(/^after-restart-16$/);
});

test("a terminal opened while the workspace is stopped says why it waits, then connects by itself", async ({
  api,
  page,
}) => {
  const workspace = await api.createWorkspace("sleepy");
  await api.waitForAgent(workspace.id);
  await api.stopWorkspace(workspace.id);

  await page.goto(`/workspaces/${workspace.id}/terminal/${crypto.randomUUID()}`);
  const state = page.getByTestId("connection-state");
  await expect(state).toHaveAttribute("data-state", "reconnecting");
  await expect(state).toHaveAttribute("data-code", "AGENT_UNAVAILABLE");
  await expect(page.getByTestId("connection-banner")).toBeVisible();

  await api.startWorkspace(workspace.id);
  await api.waitForAgent(workspace.id);
  const terminal = new TerminalPage(page);
  await terminal.waitForConnected();
  await terminal.waitForPrompt();
  await terminal.run("echo awake-$((5*5))");
  await terminal.waitForLine(/^awake-25$/);
});

test("a terminal for a workspace the user cannot reach fails with a reason instead of spinning", async ({
  gateway,
  page,
}) => {
  await page.goto(`/workspaces/${crypto.randomUUID()}/terminal/${crypto.randomUUID()}`);
  const state = page.getByTestId("connection-state");
  await expect(state).toHaveAttribute("data-state", "failed");
  await expect(state).toHaveAttribute("data-code", "NOT_FOUND");
  await expect(page.getByTestId("connection-banner")).toBeVisible();
  expect((await fetch(`${gateway.url}/healthz`)).ok).toBe(true);
});
