import { screen, waitFor, within } from "@testing-library/react";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import type { WorkspaceList } from "../../../protocol/rest.js";
import { MockMember } from "../../../server-mock/fixtures";
import { api, errorResponse } from "../../../server-mock/http";
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
    expect(await dialog.findByRole("radio", { name: "This machine — local" })).toBeChecked();

    await user.type(dialog.getByLabelText("Name"), "My_Project");
    await user.click(dialog.getByRole("button", { name: "Create workspace" }));
    expect(dialog.getByLabelText("Name")).toHaveAccessibleDescription(
      "Lowercase letters, digits and inner dashes only",
    );

    await user.clear(dialog.getByLabelText("Name"));
    await user.type(dialog.getByLabelText("Name"), "my-project");
    await user.click(dialog.getByRole("radio", { name: "EU West cluster — eu-west-1" }));
    await user.click(dialog.getByRole("button", { name: "Create workspace" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    const created = await row("my-project");
    expect(created.getByText("Starting")).toBeInTheDocument();
    expect(created.getByText("EU West cluster")).toBeInTheDocument();
  });

  it("offers each provider by name and region; admins also see why some cannot be picked", async () => {
    const { user } = renderAt("/");
    await user.click(await screen.findByRole("button", { name: "New workspace" }));
    const dialog = within(await screen.findByRole("dialog", { name: "New workspace" }));
    const choices = within(dialog.getByRole("group", { name: "Provider" }));
    await choices.findByRole("radio", { name: "EU West cluster — eu-west-1" });
    const expected: [string, string, boolean][] = [
      ["This machine — local", "Built-in (this machine)", true],
      ["EU West cluster — eu-west-1", "Kubernetes", true],
      [
        "Lab Docker host — us-east",
        "Failing: reach engine: Cannot reach tcp://10.0.4.2:2376: connect ECONNREFUSED 10.0.4.2:2376",
        false,
      ],
      ["US East cluster — us-east-1", "Cordoned: Node pool upgrade until Friday", false],
    ];
    const radios = choices.getAllByRole("radio");
    expect(radios).toHaveLength(expected.length);
    expected.forEach(([name, description, enabled], i) => {
      expect(radios[i]).toHaveAccessibleName(name);
      expect(radios[i]).toHaveAccessibleDescription(description);
      if (enabled) expect(radios[i]).toBeEnabled();
      else expect(radios[i]).toBeDisabled();
    });
  });

  it("offers a member only the providers that take workspaces", async () => {
    mockState.currentUserId = MockMember.id;
    const { user } = renderAt("/");
    await user.click(await screen.findByRole("button", { name: "New workspace" }));
    const dialog = within(await screen.findByRole("dialog", { name: "New workspace" }));
    await dialog.findByRole("radio", { name: "EU West cluster — eu-west-1" });
    const radios = dialog.getAllByRole("radio");
    expect(radios).toHaveLength(2);
    expect(radios[0]).toHaveAccessibleName("This machine — local");
    expect(radios[1]).toHaveAccessibleName("EU West cluster — eu-west-1");
    await user.type(dialog.getByLabelText("Name"), "analysis");
    await user.click(dialog.getByRole("radio", { name: "EU West cluster — eu-west-1" }));
    await user.click(dialog.getByRole("button", { name: "Create workspace" }));
    expect((await row("analysis")).getByText("EU West cluster")).toBeInTheDocument();
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
