import { expect, type Locator, type Page } from "@playwright/test";

/** The dashboard's "New workspace" dialog, with its provider choice. */
export class NewWorkspaceDialog {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole("dialog", { name: "New workspace" });
  }

  async open(): Promise<void> {
    await this.page.getByRole("button", { name: "New workspace" }).first().click();
    await expect(this.dialog).toBeVisible();
  }

  /** One provider to choose, by its label ("EU West cluster — eu-west-1"). */
  provider(label: string): Locator {
    return this.providerGroup().getByRole("radio", { name: label, exact: true });
  }

  /** Every provider offered. */
  providers(): Locator {
    return this.providerGroup().getByRole("radio");
  }

  private providerGroup(): Locator {
    return this.dialog.getByRole("group", { name: "Provider" });
  }

  async create(name: string, providerLabel: string): Promise<void> {
    await this.dialog.getByLabel("Name").fill(name);
    await this.provider(providerLabel).check();
    await this.dialog.getByRole("button", { name: "Create workspace" }).click();
    await expect(this.dialog).toBeHidden();
  }

  async cancel(): Promise<void> {
    await this.dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(this.dialog).toBeHidden();
  }
}
