import { expect, type Locator, type Page } from "@playwright/test";

/** The workspaces dashboard. */
export class DashboardPage {
  constructor(readonly page: Page) {}

  heading(): Locator {
    return this.page.getByRole("heading", { name: "Workspaces", exact: true });
  }

  row(name: string): Locator {
    return this.page.getByTestId(`workspace-row-${name}`);
  }

  async createWorkspace(name: string): Promise<void> {
    await this.page.getByRole("button", { name: "New workspace" }).first().click();
    await this.page.getByLabel("Name").fill(name);
    await this.page.getByRole("button", { name: "Create workspace" }).click();
  }

  /** Waits until the row shows the workspace running with its agent connected. */
  async waitUntilReady(name: string): Promise<void> {
    const row = this.row(name);
    await expect(row).toContainText("Running", { timeout: 30_000 });
    await expect(row).toContainText("Connected", { timeout: 30_000 });
  }

  /** Clicks Terminal, which opens a new tab; returns that tab. */
  async openTerminal(name: string): Promise<Page> {
    const popup = this.page.context().waitForEvent("page");
    await this.row(name).getByRole("button", { name: "Terminal" }).click();
    return popup;
  }

  async logOut(): Promise<void> {
    await this.page.getByRole("button", { name: "Log out" }).click();
  }
}
