import { expect as expectPage } from "@playwright/test";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Workspace } from "../../../protocol/rest.js";
import { ConnectionPanel } from "../../pages/ConnectionPanel.js";
import { describeAsRoot } from "../lab/describeAsRoot.js";
import { GangwayLab } from "../stack/GangwayLab.js";
import { documentScreenshot } from "../stack/screenshots.js";

/**
 * The bound within which the page must say why it cannot connect: the browser gives ICE 10 s
 * from the agent's answer (ICE_CONNECT_TIMEOUT_MS); the rest is margin for two busy cores.
 */
const FAILURE_BOUND_MS = 25_000;

describeAsRoot("network: no path at all", () => {
  let stack: GangwayLab;
  let workspace: Workspace;

  beforeAll(async () => {
    // STUN only, and the cluster behind a symmetric NAT: the office's address- and
    // port-dependent filter drops every packet from the cluster's fresh port, so no direct
    // pair can work, and no TURN relay is configured to fall back on.
    stack = await GangwayLab.start({
      spaDir: inject("spaDir"),
      ice: "stun",
      lab: { cluster: { nat: "symmetric" } },
    });
    await stack.signIn();
    workspace = await stack.createWorkspace("unreachable");
  });

  afterAll(async () => {
    await stack?.dispose();
  });

  it("(d) no TURN and no direct path: the page says so, and what was tried, within a bounded time", async () => {
    const openedAt = Date.now();
    const terminal = await stack.openTerminal(workspace.id);
    const state = terminal.page.getByTestId("connection-state");
    await expectPage(state).toHaveAttribute("data-code", "NO_NETWORK_PATH", { timeout: FAILURE_BOUND_MS });
    const failedAfterMs = Date.now() - openedAt;
    await expectPage(state).toHaveAttribute("data-state", "failed");
    const banner = terminal.page.getByTestId("connection-banner");
    await expectPage(banner).toContainText(
      "No network path to the workspace: tried direct (host, server-reflexive) and no TURN relay is configured.",
    );
    await expectPage(banner).toContainText("Still trying in the background.");
    console.info(`[network] (d) the page named the failure ${failedAfterMs} ms after it opened`);

    const panel = new ConnectionPanel(terminal.page);
    await panel.open();
    await expectPage(panel.field("failure")).toContainText("no TURN relay is configured");
    await expectPage(panel.field("turn")).toHaveText("none configured");
    await documentScreenshot(terminal.page, "connection-no-path");

    // It keeps trying, and keeps showing the failure while it does.
    await expect
      .poll(async () => (await state.getAttribute("title")) ?? "", { timeout: FAILURE_BOUND_MS })
      .toContain("no TURN relay is configured");
    await expectPage(state).toHaveAttribute("data-state", "failed");
  });
});
