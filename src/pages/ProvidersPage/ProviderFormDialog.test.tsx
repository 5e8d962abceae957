import { screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { http } from "msw";
import { describe, expect, it } from "vitest";
import { MockCaCertificate } from "../../../server-mock/fixtures";
import { api, errorResponse } from "../../../server-mock/http";
import { server } from "../../../server-mock/node";
import { mockState } from "../../../server-mock/state";
import { renderAt } from "../../testHelpers/renderWithRouter";

/** Records every body sent to a provider route, then lets the mock answer (a handler that returns nothing passes on). */
function recordRequests(method: "post" | "patch", path: string) {
  const bodies: unknown[] = [];
  server.use(
    http[method](api(path), async ({ request }) => {
      bodies.push(await request.clone().json());
    }),
  );
  return bodies;
}

async function openAddDialog(user: UserEvent) {
  await user.click(await screen.findByRole("button", { name: "Add provider" }));
  return within(await screen.findByRole("dialog", { name: "Add a provider" }));
}

type Dialog = Awaited<ReturnType<typeof openAddDialog>>;

async function fill(user: UserEvent, dialog: Dialog, values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) {
    const field = dialog.getByLabelText(label);
    await user.clear(field);
    // Braces and brackets are user-event key syntax; PEM text is pasted, as an admin would.
    field.focus();
    await user.paste(value);
  }
}

const TURN_LABEL = "TURN servers (this region)";
const UDP = "turn:turn.fra.example.org:3478?transport=udp";
const TLS = "turns:turn.fra.example.org:5349?transport=tcp";

async function openEditDialog(user: UserEvent, name: string) {
  await user.click(
    within(await screen.findByTestId(`provider-row-${name}`)).getByRole("button", { name: `Edit ${name}` }),
  );
  return within(await screen.findByRole("dialog", { name: `Edit ${name}` }));
}

async function saveChanges(user: UserEvent, dialog: Dialog) {
  await user.click(dialog.getByRole("button", { name: "Save changes" }));
  await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
}

/** The TURN servers a provider's row lists under its region. */
function listedTurnServers(name: string): string[] {
  const list = within(screen.getByTestId(`provider-row-${name}`)).queryByRole("list", {
    name: `TURN servers of ${name}`,
  });
  return list
    ? within(list)
        .getAllByRole("listitem")
        .map((item) => item.textContent ?? "")
    : [];
}

const VALID = {
  Name: "Frankfurt cluster",
  Region: "eu-central-1",
  "Cluster address": "https://k8s.fra.example.org:6443",
  Namespace: "gangway-fra",
  "Service-account token": "eyJhbGciOiJSUzI1NiJ9.payload.signature",
  "CA certificate": MockCaCertificate,
  "Agent image": "ghcr.io/acme/gangway-agent:0.1.0",
};

describe("ProviderFormDialog", () => {
  it("shows every invalid Kubernetes setting at its field and sends nothing", async () => {
    const sent = recordRequests("post", "/providers");
    const { user } = renderAt("/providers");
    const dialog = await openAddDialog(user);
    expect(dialog.getByRole("radio", { name: /Kubernetes cluster/ })).toBeChecked();
    await fill(user, dialog, {
      ...VALID,
      "Cluster address": "http://k8s.fra.example.org:6443",
      Namespace: "Bad_NS",
      "CA certificate": "not a certificate",
      "CPU limit": "two",
    });
    await user.click(dialog.getByRole("button", { name: "Add provider" }));

    expect(dialog.getByLabelText("Cluster address")).toHaveAccessibleDescription("Must be an https:// URL");
    expect(dialog.getByLabelText("Namespace")).toHaveAccessibleDescription(
      "Must be a DNS-1123 label: lowercase letters, digits and inner dashes, at most 63 characters",
    );
    expect(dialog.getByLabelText("CA certificate")).toHaveAccessibleDescription("Must be a PEM certificate");
    expect(dialog.getByLabelText("CPU limit")).toHaveAccessibleDescription(/^Must be a Kubernetes quantity/);
    expect(dialog.getByLabelText("Cluster address")).toHaveFocus();
    expect(sent).toEqual([]);

    // Fixing a field clears its problem as the admin types.
    await user.clear(dialog.getByLabelText("Namespace"));
    await user.type(dialog.getByLabelText("Namespace"), "good-ns");
    expect(dialog.getByLabelText("Namespace")).not.toHaveAttribute("aria-invalid");
  });

  it("asks for a CA certificate unless TLS verification is skipped, explicitly and with a warning", async () => {
    const sent = recordRequests("post", "/providers");
    const { user } = renderAt("/providers");
    const dialog = await openAddDialog(user);
    await fill(user, dialog, { ...VALID, "CA certificate": "" });
    await user.click(dialog.getByRole("button", { name: "Add provider" }));
    expect(dialog.getByLabelText("CA certificate")).toHaveAccessibleDescription(
      "Is required (the cluster's CA certificate), unless insecureSkipTlsVerify is true",
    );
    expect(sent).toEqual([]);

    await user.click(dialog.getByLabelText("Skip TLS verification (insecure)"));
    expect(dialog.queryByLabelText("CA certificate")).not.toBeInTheDocument();
    expect(dialog.getByRole("note")).toHaveTextContent(/can pose as the API server/);
    await user.click(dialog.getByRole("button", { name: "Add provider" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(sent).toMatchObject([{ settings: { caCertificate: null, insecureSkipTlsVerify: true } }]);
  });

  it("shows a refusal from the gateway at the field it names", async () => {
    const { user } = renderAt("/providers");
    const dialog = await openAddDialog(user);
    // Well-formed PEM armour around bytes that are no certificate: only the gateway can tell.
    const unparsable = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----";
    await fill(user, dialog, { ...VALID, "CA certificate": unparsable });
    await user.click(dialog.getByRole("button", { name: "Add provider" }));

    await waitFor(() =>
      expect(dialog.getByLabelText("CA certificate")).toHaveAccessibleDescription(
        "Does not parse as a PEM certificate",
      ),
    );
    expect(dialog.getByLabelText("CA certificate")).toHaveFocus();
    expect(dialog.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("shows other refusals in an alert with their code", async () => {
    server.use(http.post(api("/providers"), () => errorResponse(409, "CONFLICT", "taken")));
    const { user } = renderAt("/providers");
    const dialog = await openAddDialog(user);
    await fill(user, dialog, VALID);
    await user.click(dialog.getByRole("button", { name: "Add provider" }));
    const alert = await dialog.findByRole("alert");
    expect(alert).toHaveTextContent("A provider with this name already exists.");
    expect(within(alert).getByTestId("error-code")).toHaveTextContent("CONFLICT");
  });

  it("creates a Kubernetes provider, which the gateway checks until it is ready", async () => {
    mockState.transitionMs = 300;
    const sent = recordRequests("post", "/providers");
    const { user } = renderAt("/providers");
    const dialog = await openAddDialog(user);
    await fill(user, dialog, { ...VALID, "Memory limit": "4Gi" });
    await user.click(dialog.getByRole("button", { name: "Add provider" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(sent).toEqual([
      {
        kind: "kubernetes",
        name: "Frankfurt cluster",
        region: "eu-central-1",
        settings: {
          apiServer: "https://k8s.fra.example.org:6443",
          namespace: "gangway-fra",
          token: "eyJhbGciOiJSUzI1NiJ9.payload.signature",
          caCertificate: MockCaCertificate,
          insecureSkipTlsVerify: false,
          agentImage: "ghcr.io/acme/gangway-agent:0.1.0",
          resources: { requests: {}, limits: { memory: "4Gi" } },
          homeVolumeSize: "10Gi",
          storageClassName: null,
        },
      },
    ]);
    const row = within(await screen.findByTestId("provider-row-Frankfurt cluster"));
    expect(await row.findByText("Ready", {}, { timeout: 3000 })).toBeInTheDocument();
  });

  it("shows the kubectl commands for the namespace in the form, ready to copy", async () => {
    const { user } = renderAt("/providers");
    const dialog = await openAddDialog(user);
    await fill(user, dialog, { Namespace: "eu-workspaces" });
    await user.click(dialog.getByText("How do I get these?"));

    const setup = dialog.getByRole("figure", { name: "setup commands" });
    expect(setup).toHaveTextContent(/^NS=eu-workspaces kubectl create namespace "\$NS"/);
    expect(setup).toHaveTextContent("kind: RoleBinding");
    expect(setup).toHaveTextContent("type: kubernetes.io/service-account-token");
    expect(dialog.getByRole("figure", { name: "commands that read the settings" })).toHaveTextContent(
      "get secret gangway-token",
    );
    expect(dialog.getByRole("figure", { name: "commands that check the grants" })).toHaveTextContent(
      "kubectl auth can-i",
    );

    await user.click(dialog.getByRole("button", { name: "Copy setup commands" }));
    expect(dialog.getByRole("button", { name: "Copy setup commands" })).toHaveTextContent("Copied");
    expect(await navigator.clipboard.readText()).toMatch(/^NS=eu-workspaces\nkubectl create namespace "\$NS"\n/);
  });

  it("keeps a stored token unless it is replaced, and sends settings only when they changed", async () => {
    const sent = recordRequests("patch", "/providers/:id");
    const { user } = renderAt("/providers");
    const editEu = async () => {
      await user.click(
        within(await screen.findByTestId("provider-row-EU West cluster")).getByRole("button", {
          name: "Edit EU West cluster",
        }),
      );
      return within(await screen.findByRole("dialog", { name: "Edit EU West cluster" }));
    };
    const save = async (dialog: Dialog) => {
      await user.click(dialog.getByRole("button", { name: "Save changes" }));
      await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    };

    let dialog = await editEu();
    expect(dialog.getByRole("group", { name: "Service-account token" })).toHaveTextContent(
      "stored (fingerprint sha256:3f9a1c07be42)",
    );
    expect(dialog.queryByRole("radio", { name: /Docker host/ })).not.toBeInTheDocument();
    await user.clear(dialog.getByLabelText("Region"));
    await user.type(dialog.getByLabelText("Region"), "eu-west-2");
    await save(dialog);

    dialog = await editEu();
    await user.clear(dialog.getByLabelText("Agent image"));
    await user.type(dialog.getByLabelText("Agent image"), "ghcr.io/acme/gangway-agent:0.2.0");
    await save(dialog);

    dialog = await editEu();
    await user.click(dialog.getByRole("button", { name: "Replace service-account token" }));
    await user.type(dialog.getByLabelText("Service-account token"), "new-token");
    await save(dialog);

    expect(sent[0]).toEqual({ kind: "kubernetes", region: "eu-west-2" });
    expect(sent[1]).toMatchObject({ kind: "kubernetes", settings: { agentImage: "ghcr.io/acme/gangway-agent:0.2.0" } });
    expect(sent[1]).not.toHaveProperty("settings.token");
    expect(sent[2]).toMatchObject({ settings: { token: "new-token" } });
    expect(mockState.getProvider("k8s-eu-west")?.status).toBe("pending");
  });

  it("checks a Docker host over TCP: TLS credentials required, port a number", async () => {
    const sent = recordRequests("post", "/providers");
    const { user } = renderAt("/providers");
    const dialog = await openAddDialog(user);
    await user.click(dialog.getByRole("radio", { name: /Docker host/ }));
    await user.click(dialog.getByRole("radio", { name: /TCP with TLS/ }));
    await fill(user, dialog, {
      Name: "Lab 2",
      Region: "us-east",
      Host: "10.0.4.3",
      Port: "twenty",
      Image: "gangway/agent:0.1.0",
    });
    await user.click(dialog.getByRole("button", { name: "Add provider" }));

    expect(dialog.getByLabelText("Port")).toHaveAccessibleDescription("Must be a number");
    expect(dialog.getByLabelText("CA certificate")).toHaveAccessibleDescription("Must be a PEM certificate");
    expect(dialog.getByLabelText("Client certificate")).toHaveAccessibleDescription("Must be a PEM certificate");
    expect(dialog.getByLabelText("Client key")).toHaveAccessibleDescription("Must be a PEM private key");
    expect(sent).toEqual([]);
  });

  it("creates a provider with its region's TURN servers, one a line, and lists them under its region", async () => {
    const sent = recordRequests("post", "/providers");
    const { user } = renderAt("/providers");
    const dialog = await openAddDialog(user);
    expect(dialog.getByLabelText(TURN_LABEL)).toHaveAccessibleDescription(
      /before the gateway's own; they must share the gateway's TURN secret \(GANGWAY_TURN_SECRET/,
    );
    await fill(user, dialog, { ...VALID, [TURN_LABEL]: `${UDP}\n\n  ${TLS}  \n` });
    await user.click(dialog.getByRole("button", { name: "Add provider" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(sent).toMatchObject([{ kind: "kubernetes", turnUrls: [UDP, TLS] }]);
    await screen.findByTestId("provider-row-Frankfurt cluster");
    expect(listedTurnServers("Frankfurt cluster")).toEqual([UDP, TLS]);
    expect(listedTurnServers("Lab Docker host")).toEqual([]);
  });

  it("shows a refused TURN URL at the field, naming its line, and clears it as the line is fixed", async () => {
    const sent = recordRequests("post", "/providers");
    const { user } = renderAt("/providers");
    const dialog = await openAddDialog(user);
    await user.click(dialog.getByRole("radio", { name: /Docker host/ }));
    await fill(user, dialog, {
      Name: "Lab 2",
      Region: "us-east",
      Image: "gangway/agent:0.1.0",
      [TURN_LABEL]: `${UDP}\nhttps://turn.fra.example.org\n${TLS}`,
    });
    await user.click(dialog.getByRole("button", { name: "Add provider" }));

    const field = dialog.getByLabelText(TURN_LABEL);
    expect(field).toHaveAccessibleDescription(/^Line 2: must be a TURN URL such as turn:/);
    expect(field).toHaveFocus();
    expect(sent).toEqual([]);

    await fill(user, dialog, { [TURN_LABEL]: `${UDP}\nturn:turn.fra.example.org:3478?transport=tcp\n${TLS}` });
    expect(field).not.toHaveAttribute("aria-invalid");
    await user.click(dialog.getByRole("button", { name: "Add provider" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(sent).toMatchObject([
      { kind: "docker", turnUrls: [UDP, "turn:turn.fra.example.org:3478?transport=tcp", TLS] },
    ]);
  });

  it("shows the gateway's refusal of a TURN URL at the field, naming its line", async () => {
    server.use(
      http.patch(api("/providers/:id"), () =>
        errorResponse(400, "INVALID_REQUEST", "turnUrls.1: is not a TURN server this gateway accepts"),
      ),
    );
    const { user } = renderAt("/providers");
    const dialog = await openEditDialog(user, "This machine");
    await fill(user, dialog, { [TURN_LABEL]: `${UDP}\n\n${TLS}` });
    await user.click(dialog.getByRole("button", { name: "Save changes" }));

    await waitFor(() =>
      expect(dialog.getByLabelText(TURN_LABEL)).toHaveAccessibleDescription(
        "Line 3: is not a TURN server this gateway accepts",
      ),
    );
    expect(dialog.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("edits and clears a provider's TURN servers, the built-in one's too, without re-checking it", async () => {
    const sent = recordRequests("patch", "/providers/:id");
    const { user } = renderAt("/providers");

    let dialog = await openEditDialog(user, "EU West cluster");
    expect(dialog.getByLabelText(TURN_LABEL)).toHaveValue(
      "turn:turn.eu-west-1.example.org:3478?transport=udp\nturns:turn.eu-west-1.example.org:5349?transport=tcp",
    );
    await user.clear(dialog.getByLabelText(TURN_LABEL));
    await saveChanges(user, dialog);
    await waitFor(() => expect(listedTurnServers("EU West cluster")).toEqual([]));

    dialog = await openEditDialog(user, "This machine");
    expect(dialog.getByText(/only its name, region and TURN servers can change/)).toBeInTheDocument();
    expect(dialog.getByLabelText(TURN_LABEL)).toHaveValue("");
    await fill(user, dialog, { [TURN_LABEL]: UDP });
    await saveChanges(user, dialog);
    await waitFor(() => expect(listedTurnServers("This machine")).toEqual([UDP]));

    expect(sent).toEqual([
      { kind: "kubernetes", turnUrls: [] },
      { kind: "local", turnUrls: [UDP] },
    ]);
    expect(mockState.getProvider("k8s-eu-west")).toMatchObject({ status: "ready", turnUrls: [] });
    expect(mockState.getProvider("local")?.turnUrls).toEqual([UDP]);
  });
});
