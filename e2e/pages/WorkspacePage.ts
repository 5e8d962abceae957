import { expect, type Locator, type Page } from "@playwright/test";

/** One workspace's page: its details and its apps. */
export class WorkspacePage {
  constructor(readonly page: Page) {}

  async goto(workspaceId: string): Promise<void> {
    await this.page.goto(`/workspaces/${workspaceId}`);
  }

  /** The apps list's row for `slug` ("code-server" or a port number). */
  app(slug: string): Locator {
    return this.page.getByTestId(`app-${slug}`);
  }

  /** Clicks the app's Open button, which opens a new tab; returns that tab. */
  async openApp(slug: string): Promise<Page> {
    const popup = this.page.context().waitForEvent("page");
    await expect(this.app(slug)).toBeVisible({ timeout: 30_000 });
    await this.app(slug)
      .getByRole("button", { name: /^Open / })
      .click();
    return popup;
  }
}
