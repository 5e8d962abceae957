import { expect, type Page } from "@playwright/test";

/** The terminal tab: reads what xterm rendered and types like a person. */
export class TerminalPage {
  constructor(readonly page: Page) {}

  /** The rendered screen, one line per row (xterm's DOM renderer draws one div per row). */
  async lines(): Promise<string[]> {
    return this.page
      .locator(".xterm-rows > div")
      .evaluateAll((rows) => rows.map((row) => (row.textContent ?? "").replace(/\u00a0/g, " ").trimEnd()));
  }

  async rowCount(): Promise<number> {
    return this.page.locator(".xterm-rows > div").count();
  }

  async waitForConnected(): Promise<void> {
    await expect(this.page.getByTestId("connection-state")).toHaveAttribute("data-state", "connected", {
      timeout: 30_000,
    });
  }

  /** Waits until the last non-empty line ends in a shell prompt. */
  async waitForPrompt(): Promise<void> {
    await expect
      .poll(async () => (await this.lines()).filter((line) => line.trim()).at(-1) ?? "", { timeout: 30_000 })
      .toMatch(/[$#]$/);
  }

  async run(command: string): Promise<void> {
    await this.page.locator(".xterm").click();
    await this.page.keyboard.type(command);
    await this.page.keyboard.press("Enter");
  }

  /** Waits for a rendered line that matches `pattern` exactly (not the command line itself). */
  async waitForLine(pattern: RegExp, timeout = 15_000): Promise<void> {
    await expect.poll(async () => (await this.lines()).some((line) => pattern.test(line)), { timeout }).toBe(true);
  }
}
