import { screen, waitFor, within } from "@testing-library/react";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import type { WorkspaceList } from "../../../protocol/rest.js";
import { api, errorResponse } from "../../../server-mock/handlers";
import { server } from "../../../server-mock/node";
import { mockState } from "../../../server-mock/state";
import { renderAt } from "../../testHelpers/renderWithRouter";

async function row(name: string) {
  return within(await screen.findByTestId(`workspace-row-${name}`));
}

describe("WorkspacesPage", () => {
  it("lists the workspaces with status, provider and agent", async () => {
    renderAt("/");
    const running = await row("api-server");
    expect(running.getByText("Running")).toBeInTheDocument();
    expect(running.getByText("This machine")).toBeInTheDocument();
    expect(running.getByText("Connected")).toBeInTheDocument();

    const stopped = await row("docs-site");
    expect(stopped.getByText("Stopped")).toBeInTheDocument();
    expect(stopped.getByText("Disconnected")).toBeInTheDocument();
    expect(stopped.getByText(/^last seen /)).toBeInTheDocument();

    const failed = await row("ml-train");
    expect(failed.getByText("Failed")).toBeInTheDocument();
    expect(failed.getByText(/insufficient nvidia.com\/gpu/)).toBeInTheDocument();
    expect(failed.getByText("never connected")).toBeInTheDocument();
  });

  it("says what to do when there are no workspaces", async () => {
    server.use(http.get(api("/workspaces"), () => HttpResponse.json<WorkspaceList>({ workspaces: [] })));
    renderAt("/");
    expect(await screen.findByText("No workspaces yet")).toBeInTheDocument();
    expect(screen.getByText(/Create a workspace to get a shell of your own/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "New workspace" })).toBeEnabled();
  });

  it("shows an error with its code when the list cannot load", async () => {
    server.use(http.get(api("/workspaces"), () => errorResponse(500, "INTERNAL", "database is locked")));
    renderAt("/");
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on the gateway.");
    expect(screen.getByTestId("error-code")).toHaveTextContent("INTERNAL");
    expect(screen.getByRole("button", { name: "Retry" })).toBeInTheDocument();
  });

  it("creates a workspace, refusing a bad name first", async () => {
    const { user } = renderAt("/");
    await user.click(await screen.findByRole("button", { name: "New workspace" }));
    const dialog = within(await screen.findByRole("dialog", { name: "New workspace" }));
    expect(await dialog.findByRole("option", { name: /This machine/ })).toBeInTheDocument();
    expect(dialog.getByLabelText("Provider")).toHaveValue("local");

    await user.type(dialog.getByLabelText("Name"), "My_Project");
    await user.click(dialog.getByRole("button", { name: "Create workspace" }));
    expect(dialog.getByLabelText("Name")).toHaveAccessibleDescription(
      "Lowercase letters, digits and inner dashes only",
    );

    await user.clear(dialog.getByLabelText("Name"));
    await user.type(dialog.getByLabelText("Name"), "my-project");
    await user.selectOptions(dialog.getByLabelText("Provider"), "k8s-eu-west");
    await user.click(dialog.getByRole("button", { name: "Create workspace" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    const created = await row("my-project");
    expect(created.getByText("Starting")).toBeInTheDocument();
    expect(created.getByText("EU West cluster")).toBeInTheDocument();
  });

  it("explains a name that is taken", async () => {
    const { user } = renderAt("/");
    await user.click(await screen.findByRole("button", { name: "New workspace" }));
    const dialog = within(await screen.findByRole("dialog"));
    await user.type(dialog.getByLabelText("Name"), "api-server");
    await user.click(dialog.getByRole("button", { name: "Create workspace" }));
    expect(await dialog.findByRole("alert")).toHaveTextContent("You already have a workspace with this name.");
    expect(dialog.getByTestId("error-code")).toHaveTextContent("CONFLICT");
  });

  it("starts a stopped workspace and stops a running one", async () => {
    const { user } = renderAt("/");
    await user.click((await row("docs-site")).getByRole("button", { name: "Start docs-site" }));
    expect(await (await row("docs-site")).findByText("Starting")).toBeInTheDocument();

    await user.click((await row("api-server")).getByRole("button", { name: "Stop api-server" }));
    expect(await (await row("api-server")).findByText("Stopping")).toBeInTheDocument();
  });

  it("polls until a start has finished", async () => {
    mockState.transitionMs = 0;
    const { user } = renderAt("/");
    await user.click((await row("docs-site")).getByRole("button", { name: "Start docs-site" }));
    expect(await (await row("docs-site")).findByText("Running", {}, { timeout: 3000 })).toBeInTheDocument();
  });

  it("shows why a start was refused", async () => {
    server.use(
      http.post(api("/workspaces/:id/start"), () => errorResponse(502, "PROVIDER_ERROR", "cluster unreachable")),
    );
    const { user } = renderAt("/");
    await user.click((await row("docs-site")).getByRole("button", { name: "Start docs-site" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The provider failed to carry this out.");
    expect(alert).toHaveTextContent("cluster unreachable");
    expect(within(alert).getByTestId("error-code")).toHaveTextContent("PROVIDER_ERROR");
  });

  it("deletes a workspace after confirmation", async () => {
    const { user } = renderAt("/");
    await user.click((await row("ml-train")).getByRole("button", { name: "Delete ml-train" }));
    const dialog = within(await screen.findByRole("dialog", { name: "Delete ml-train?" }));

    await user.click(dialog.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByTestId("workspace-row-ml-train")).toBeInTheDocument();

    await user.click((await row("ml-train")).getByRole("button", { name: "Delete ml-train" }));
    await user.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Delete workspace" }));
    await waitFor(() => expect(screen.queryByTestId("workspace-row-ml-train")).not.toBeInTheDocument());
    expect(screen.getByTestId("workspace-row-api-server")).toBeInTheDocument();
  });
});
