import path from "node:path";
import type { Page } from "@playwright/test";

/**
 * Saves a screenshot into $GANGWAY_SCREENSHOT_DIR when it is set (e.g. docs/screenshots, to
 * refresh the documentation's pictures); does nothing otherwise, so test runs leave no files.
 */
export async function documentScreenshot(page: Page, name: string): Promise<void> {
  const directory = process.env.GANGWAY_SCREENSHOT_DIR;
  if (!directory) return;
  await page.screenshot({ path: path.join(directory, `${name}.png`) });
}
