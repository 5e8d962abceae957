import { expect, type Locator, type Page } from "@playwright/test";

export interface KubernetesProviderForm {
  name: string;
  region: string;
  apiServer: string;
  namespace: string;
  token: string;
  caCertificate: string;
  agentImage: string;
  /** The provider's own TURN servers; left empty when absent. */
  turnUrls?: string[];
}

/** The form's TURN field, one URL per line; the same in the add and edit dialogs. */
const TURN_LABEL = "TURN servers (this region)";

/** The admins' providers page and its dialogs. */
export class ProvidersPage {
  constructor(readonly page: Page) {}

  heading(): Locator {
    return this.page.getByRole("heading", { name: "Providers", exact: true, level: 1 });
  }

  row(name: string): Locator {
    return this.page.getByTestId(`provider-row-${name}`);
  }

  /** Opens the page the way a person does: through the navbar. */
  async openFromNavbar(): Promise<void> {
    await this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Providers" }).click();
    await expect(this.heading()).toBeVisible();
  }

  /** Fills the "Add a provider" dialog for a Kubernetes cluster; returns the open dialog before submitting. */
  async fillKubernetesProvider(form: KubernetesProviderForm): Promise<Locator> {
    await this.page.getByRole("button", { name: "Add provider" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Add a provider" });
    await dialog.getByRole("radio", { name: /Kubernetes cluster/ }).check();
    await dialog.getByLabel("Name", { exact: true }).fill(form.name);
    await dialog.getByLabel("Region", { exact: true }).fill(form.region);
    await dialog.getByLabel("Cluster address", { exact: true }).fill(form.apiServer);
    await dialog.getByLabel("Namespace", { exact: true }).fill(form.namespace);
    await dialog.getByLabel("Service-account token", { exact: true }).fill(form.token);
    await dialog.getByLabel("CA certificate", { exact: true }).fill(form.caCertificate);
    await dialog.getByLabel("Agent image", { exact: true }).fill(form.agentImage);
    if (form.turnUrls) await dialog.getByLabel(TURN_LABEL, { exact: true }).fill(form.turnUrls.join("\n"));
    return dialog;
  }

  /** The TURN servers a provider's row lists under its region. */
  turnServers(name: string): Locator {
    return this.row(name)
      .getByRole("list", { name: `TURN servers of ${name}` })
      .getByRole("listitem");
  }

  /** Opens "Edit" on a provider and replaces its TURN servers with `text` as typed; returns the open dialog. */
  async fillTurnServers(name: string, text: string): Promise<Locator> {
    await this.row(name)
      .getByRole("button", { name: `Edit ${name}` })
      .click();
    const dialog = this.page.getByRole("dialog", { name: `Edit ${name}` });
    await dialog.getByLabel(TURN_LABEL, { exact: true }).fill(text);
    return dialog;
  }

  /** The TURN field of an open dialog. */
  turnField(dialog: Locator): Locator {
    return dialog.getByLabel(TURN_LABEL, { exact: true });
  }

  async saveChanges(dialog: Locator): Promise<void> {
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(dialog).toBeHidden();
  }

  async submit(dialog: Locator): Promise<void> {
    await dialog.getByRole("button", { name: "Add provider" }).click();
    await expect(dialog).toBeHidden();
  }

  /** Runs "Test connection" on a provider; returns the dialog with its result. */
  async testConnection(name: string): Promise<Locator> {
    await this.row(name)
      .getByRole("button", { name: `Test connection to ${name}` })
      .click();
    const dialog = this.page.getByRole("dialog", { name: `Test connection to ${name}` });
    await expect(dialog.getByTestId("test-result")).toBeVisible();
    return dialog;
  }

  async cordon(name: string, reason: string): Promise<void> {
    await this.row(name)
      .getByRole("button", { name: `Cordon ${name}` })
      .click();
    const dialog = this.page.getByRole("dialog", { name: `Cordon ${name}?` });
    await dialog.getByLabel("Reason", { exact: true }).fill(reason);
    await dialog.getByRole("button", { name: "Cordon provider" }).click();
    await expect(dialog).toBeHidden();
  }
}
