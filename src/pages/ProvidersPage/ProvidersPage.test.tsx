import { screen, waitFor, within } from "@testing-library/react";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import type { ProviderDetailsList } from "../../../protocol/rest.js";
import { MockLocalProvider, MockMember } from "../../../server-mock/fixtures";
import { api, errorResponse } from "../../../server-mock/http";
import { server } from "../../../server-mock/node";
import { mockState } from "../../../server-mock/state";
import { API } from "../../api/api";
import { renderAt } from "../../testHelpers/renderWithRouter";

async function row(name: string) {
  return within(await screen.findByTestId(`provider-row-${name}`));
}

describe("ProvidersPage", () => {
  it("lists every provider with its kind, region, status, cordon and workspaces", async () => {
    renderAt("/providers");
    expect(await screen.findByRole("heading", { name: "Providers", level: 1 })).toBeInTheDocument();

    const eu = await row("EU West cluster");
    expect(eu.getByText("Kubernetes · namespace gangway-workspaces")).toBeInTheDocument();
    expect(eu.getByText("k8s.eu-west-1.example.org:6443")).toBeInTheDocument();
    expect(eu.getByText("eu-west-1")).toBeInTheDocument();
    expect(eu.getByText("Ready")).toBeInTheDocument();
    expect(eu.getByText(/^checked /)).toBeInTheDocument();
    expect(eu.queryByText("Cordoned")).not.toBeInTheDocument();
    expect(eu.getByTestId("workspace-count")).toHaveTextContent(/^2$/);

    const docker = await row("Lab Docker host");
    expect(docker.getByText("Error")).toBeInTheDocument();
    expect(docker.getByText(/reach engine: Cannot reach tcp:\/\/10\.0\.4\.2:2376/)).toBeInTheDocument();

    const cordoned = await row("US East cluster");
    expect(cordoned.getByText("Cordoned")).toBeInTheDocument();
    expect(cordoned.getByText("No new workspaces: Node pool upgrade until Friday")).toBeInTheDocument();
    expect(cordoned.getByTestId("workspace-count")).toHaveTextContent(/^1$/);

    const local = await row("This machine");
    expect(local.getByText("Built-in (this machine)")).toBeInTheDocument();
    expect(document.title).toBe("Providers — Gangway");
  });

  it("shows a new provider as checking and polls until the gateway has checked it", async () => {
    mockState.transitionMs = 300;
    await API.createProvider({
      kind: "docker",
      name: "Build farm",
      region: "Frankfurt",
      settings: { image: "gangway/agent:1", endpoint: { type: "socket", socketPath: "/run/docker.sock" } },
    });
    renderAt("/providers");
    expect(await (await row("Build farm")).findByText("Checking")).toBeInTheDocument();
    expect(await (await row("Build farm")).findByText("Ready", {}, { timeout: 3000 })).toBeInTheDocument();
  });

  it("shows the Providers item in the navbar to admins only", async () => {
    const admin = renderAt("/");
    const nav = within(await screen.findByRole("navigation", { name: "Main" }));
    expect(nav.getByRole("link", { name: "Providers" })).toHaveAttribute("href", "/providers");
    admin.unmount();

    mockState.currentUserId = MockMember.id;
    renderAt("/");
    const memberNav = within(await screen.findByRole("navigation", { name: "Main" }));
    expect(memberNav.getByRole("link", { name: "Workspaces" })).toBeInTheDocument();
    expect(memberNav.queryByRole("link", { name: "Providers" })).not.toBeInTheDocument();
  });

  it("tells a member who types the URL that only admins manage providers", async () => {
    mockState.currentUserId = MockMember.id;
    renderAt("/providers");
    expect(await screen.findByRole("heading", { name: "Only admins can open this page" })).toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to your workspaces" })).toHaveAttribute("href", "/");
    await expect(API.getProvider("k8s-eu-west")).rejects.toMatchObject({ code: "FORBIDDEN", status: 403 });
  });

  it("says what to do when there are no providers, or only the built-in one", async () => {
    server.use(http.get(api("/providers"), () => HttpResponse.json<ProviderDetailsList>({ providers: [] })));
    const empty = renderAt("/providers");
    expect(await screen.findByText("No providers")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Add provider" })).toBeEnabled();
    empty.unmount();

    server.use(
      http.get(api("/providers"), () => HttpResponse.json<ProviderDetailsList>({ providers: [MockLocalProvider] })),
    );
    renderAt("/providers");
    expect(await screen.findByText(/^Only the built-in provider so far/)).toBeInTheDocument();
  });

  it("shows why the list cannot load, with the code", async () => {
    server.use(http.get(api("/providers"), () => errorResponse(500, "INTERNAL", "database is locked")));
    renderAt("/providers");
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on the gateway.");
    expect(screen.getByTestId("error-code")).toHaveTextContent("INTERNAL");
    expect(screen.getByRole("button", { name: "Retry" })).toBeInTheDocument();
  });

  it("tests the connection and lists each check, passed or failed", async () => {
    const { user } = renderAt("/providers");
    await user.click(
      (await row("EU West cluster")).getByRole("button", { name: "Test connection to EU West cluster" }),
    );
    const dialog = within(await screen.findByRole("dialog", { name: "Test connection to EU West cluster" }));
    expect(await dialog.findByText("All 14 checks passed: EU West cluster is ready.")).toBeInTheDocument();
    const checks = within(dialog.getByRole("list", { name: "Checks" })).getAllByRole("listitem");
    expect(checks).toHaveLength(14);
    expect(checks[0]).toHaveTextContent("reach API server: passedKubernetes v1.31.2 at https://k8s.eu-west-1");
    expect(checks.at(-1)).toHaveTextContent('namespace exists: passedThe namespace "gangway-workspaces" exists.');
    await user.click(dialog.getByRole("button", { name: "Close" }));

    await user.click(
      (await row("Lab Docker host")).getByRole("button", { name: "Test connection to Lab Docker host" }),
    );
    const failing = within(await screen.findByRole("dialog", { name: "Test connection to Lab Docker host" }));
    expect(await failing.findByText(/^1 of 1 checks failed/)).toBeInTheDocument();
    const [reach] = within(failing.getByRole("list", { name: "Checks" })).getAllByRole("listitem");
    expect(reach).toHaveAttribute("data-passed", "false");
    expect(reach).toHaveTextContent("reach engine: failedCannot reach tcp://10.0.4.2:2376: connect ECONNREFUSED");
  });

  it("cordons a provider with a reason and uncordons it", async () => {
    const { user } = renderAt("/providers");
    await user.click((await row("EU West cluster")).getByRole("button", { name: "Cordon EU West cluster" }));
    const dialog = within(await screen.findByRole("dialog", { name: "Cordon EU West cluster?" }));
    expect(dialog.getByLabelText("Reason")).toHaveFocus();
    await user.click(dialog.getByRole("button", { name: "Cordon provider" }));
    expect(dialog.getByLabelText("Reason")).toHaveAccessibleDescription("Required");

    await user.type(dialog.getByLabelText("Reason"), "Cluster upgrade tonight");
    await user.click(dialog.getByRole("button", { name: "Cordon provider" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    const eu = await row("EU West cluster");
    expect(await eu.findByText("Cordoned")).toBeInTheDocument();
    expect(eu.getByText("No new workspaces: Cluster upgrade tonight")).toBeInTheDocument();

    await user.click(eu.getByRole("button", { name: "Uncordon EU West cluster" }));
    await waitFor(() => expect(eu.queryByText("Cordoned")).not.toBeInTheDocument());
    expect(eu.getByRole("button", { name: "Cordon EU West cluster" })).toBeInTheDocument();
    expect(mockState.getProvider("k8s-eu-west")).toMatchObject({ cordoned: false, cordonReason: null });
  });

  it("refuses to delete a provider with workspaces and names them", async () => {
    const { user } = renderAt("/providers");
    await user.click((await row("EU West cluster")).getByRole("button", { name: "Delete EU West cluster" }));
    const dialog = within(await screen.findByRole("dialog", { name: "Delete EU West cluster?" }));
    await user.click(dialog.getByRole("button", { name: "Delete provider" }));

    const alert = within(await dialog.findByRole("alert"));
    expect(alert.getByText("EU West cluster still has workspaces. Delete them first.")).toBeInTheDocument();
    expect(alert.getByTestId("error-code")).toHaveTextContent("PROVIDER_IN_USE");
    const names = alert.getAllByRole("listitem").map((item) => item.textContent);
    expect(names).toEqual(["ada/docs-site", "ada/ml-train"]);
    expect(dialog.getByRole("button", { name: "Delete provider" })).toBeDisabled();
    await user.click(dialog.getByRole("button", { name: "Cancel" }));
    expect(screen.getByTestId("provider-row-EU West cluster")).toBeInTheDocument();
  });

  it("deletes a provider without workspaces after confirmation", async () => {
    const { user } = renderAt("/providers");
    await user.click((await row("Lab Docker host")).getByRole("button", { name: "Delete Lab Docker host" }));
    const dialog = within(await screen.findByRole("dialog", { name: "Delete Lab Docker host?" }));
    await user.click(dialog.getByRole("button", { name: "Delete provider" }));
    await waitFor(() => expect(screen.queryByTestId("provider-row-Lab Docker host")).not.toBeInTheDocument());
    expect(screen.getByTestId("provider-row-EU West cluster")).toBeInTheDocument();
  });

  it("offers no delete for the built-in local provider", async () => {
    renderAt("/providers");
    const local = await row("This machine");
    expect(local.getByRole("button", { name: "Cordon This machine" })).toBeInTheDocument();
    expect(local.queryByRole("button", { name: /^Delete/ })).not.toBeInTheDocument();
    await expect(API.deleteProvider("local")).rejects.toMatchObject({ code: "PROVIDER_BUILT_IN", status: 409 });
  });
});
