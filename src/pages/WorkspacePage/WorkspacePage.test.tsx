import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MockRunningWorkspace, MockStoppedWorkspace } from "../../../server-mock/fixtures";
import { currentUrl, renderAt } from "../../testHelpers/renderWithRouter";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("WorkspacePage", () => {
  afterEach(() => vi.restoreAllMocks());

  it("shows the workspace and its agent", async () => {
    renderAt(`/workspaces/${MockRunningWorkspace.id}`);
    expect(await screen.findByRole("heading", { level: 1, name: /api-server/ })).toBeInTheDocument();
    expect(screen.getByText(MockRunningWorkspace.id)).toBeInTheDocument();
    expect(screen.getByText("0.1.0")).toBeInTheDocument();
    expect(document.title).toBe("api-server — Gangway");
  });

  it("opens a terminal with a fresh session in a new tab", async () => {
    const open = vi.spyOn(window, "open").mockReturnValue(null);
    const { user } = renderAt(`/workspaces/${MockRunningWorkspace.id}`);
    await user.click(await screen.findByRole("button", { name: "Open a terminal in api-server" }));
    await user.click(screen.getByRole("button", { name: "Open a terminal in api-server" }));

    expect(open).toHaveBeenCalledTimes(2);
    const urls = open.mock.calls.map(([url]) => String(url));
    for (const call of open.mock.calls) expect(call.slice(1)).toEqual(["_blank", "noopener"]);
    const prefix = `/workspaces/${MockRunningWorkspace.id}/terminal/`;
    for (const url of urls) {
      expect(url.startsWith(prefix)).toBe(true);
      expect(url.slice(prefix.length)).toMatch(UUID);
    }
    expect(urls[0]).not.toBe(urls[1]);
  });

  it("offers no terminal until the workspace runs", async () => {
    renderAt(`/workspaces/${MockStoppedWorkspace.id}`);
    expect(await screen.findByRole("button", { name: "Open a terminal in docs-site" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Start docs-site" })).toBeEnabled();
  });

  it("returns to the dashboard after deleting", async () => {
    const { router, user } = renderAt(`/workspaces/${MockStoppedWorkspace.id}`);
    await user.click(await screen.findByRole("button", { name: "Delete docs-site" }));
    await user.click(await screen.findByRole("button", { name: "Delete workspace" }));
    expect(await screen.findByRole("heading", { name: "Workspaces" })).toBeInTheDocument();
    expect(currentUrl(router)).toBe("/");
  });

  it("says when the workspace does not exist", async () => {
    renderAt("/workspaces/0b8e7d5c-1f2a-4c3b-8d9e-0000000000ff");
    expect(await screen.findByRole("alert")).toHaveTextContent("This workspace does not exist, or it is not yours.");
    expect(screen.getByTestId("error-code")).toHaveTextContent("NOT_FOUND");
  });
});
