import { expect, type Locator, type Page } from "@playwright/test";

/** The terminal page's connection details panel (what getStats() says about the path). */
export class ConnectionPanel {
  readonly panel: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId("connection-panel");
  }

  async open(): Promise<void> {
    if (await this.panel.isVisible()) return;
    await this.page.getByRole("button", { name: "Connection details" }).click();
    await expect(this.panel).toBeVisible();
  }

  field(name: "path" | "local" | "remote" | "turn" | "rtt" | "bytes" | "local-candidates" | "failure"): Locator {
    return this.page.getByTestId(`diag-${name}`);
  }

  /** Waits until the panel shows a live pair of this path ("direct" or "relay"). */
  async waitForPath(path: "direct" | "relay"): Promise<void> {
    await expect(this.field("path")).toHaveAttribute("data-path", path, { timeout: 10_000 });
  }
}
