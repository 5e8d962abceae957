import { expect, type Frame, type FrameLocator, type Page } from "@playwright/test";

/**
 * A tab showing an app on its own origin: the gateway's host page, which owns the peer
 * connection, with the app in a frame (docs/adr/0007-app-origins.md).
 */
export class AppTab {
  constructor(readonly page: Page) {}

  /** The app's frame, for locators. */
  frame(): FrameLocator {
    return this.page.frameLocator("iframe");
  }

  /** The app's frame, for evaluating script in the app's document. */
  async appFrame(): Promise<Frame> {
    const handle = await this.page.locator("iframe").elementHandle({ timeout: 30_000 });
    const frame = await handle?.contentFrame();
    if (!frame) throw new Error("the host page has no app frame");
    return frame;
  }

  /** The app origin, once the tab has left the one-use sign-in link. */
  async origin(): Promise<string> {
    await expect(this.page).not.toHaveURL(/\/__gangway\/auth/, { timeout: 30_000 });
    return new URL(this.page.url()).origin;
  }
}
