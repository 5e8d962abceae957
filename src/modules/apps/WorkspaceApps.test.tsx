import { screen, within } from "@testing-library/react";
import { HttpResponse, http } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MockRunningWorkspace, MockStoppedWorkspace } from "../../../server-mock/fixtures";
import { api, errorResponse } from "../../../server-mock/http";
import { server } from "../../../server-mock/node";
import { renderAt } from "../../testHelpers/renderWithRouter";

/** A stand-in for the tab `window.open` returns, recording where the page sends it. */
function fakeTab() {
  return { opener: {} as unknown, location: { href: "about:blank" }, close: vi.fn() };
}

describe("WorkspaceApps", () => {
  afterEach(() => vi.restoreAllMocks());

  it("lists code-server and the listening ports", async () => {
    renderAt(`/workspaces/${MockRunningWorkspace.id}`);
    const codeServer = await screen.findByTestId("app-code-server");
    expect(codeServer).toHaveTextContent("VS Code in the browser");
    expect(screen.getByTestId("app-5173")).toHaveTextContent("Port 5173 · node");
  });

  it("opens an app in a new tab cut from the dashboard, at its one-use link", async () => {
    let asked: { slug: unknown; body: unknown } | null = null;
    server.use(
      http.post(api("/workspaces/:id/apps/:slug/ticket"), async ({ params, request }) => {
        asked = { slug: params.slug, body: await request.json() };
        return HttpResponse.json({
          url: "http://x.apps.localhost:7080/__gangway/auth?ticket=t1",
          origin: "o",
          expiresInMs: 60_000,
        });
      }),
    );
    const tab = fakeTab();
    const open = vi.spyOn(window, "open").mockReturnValue(tab as unknown as Window);
    const { user } = renderAt(`/workspaces/${MockRunningWorkspace.id}`);
    const row = await screen.findByTestId("app-code-server");
    await user.click(within(row).getByRole("button", { name: "Open code-server" }));

    expect(open).toHaveBeenCalledWith("about:blank", "_blank");
    expect(tab.opener).toBeNull();
    await vi.waitFor(() => expect(tab.location.href).toBe("http://x.apps.localhost:7080/__gangway/auth?ticket=t1"));
    expect(asked).toEqual({ slug: "code-server", body: {} });
  });

  it("closes the blank tab and says why when the gateway refuses the ticket", async () => {
    server.use(
      http.post(api("/workspaces/:id/apps/:slug/ticket"), () =>
        errorResponse(409, "INVALID_STATE", "the workspace is not running"),
      ),
    );
    const tab = fakeTab();
    vi.spyOn(window, "open").mockReturnValue(tab as unknown as Window);
    const { user } = renderAt(`/workspaces/${MockRunningWorkspace.id}`);
    await user.click(await screen.findByRole("button", { name: "Open node" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("INVALID_STATE");
    expect(tab.close).toHaveBeenCalled();
    expect(tab.location.href).toBe("about:blank");
  });

  it("says to start the workspace instead of listing apps", async () => {
    renderAt(`/workspaces/${MockStoppedWorkspace.id}`);
    expect(await screen.findByText(/Start the workspace to open code-server/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Open code-server" })).not.toBeInTheDocument();
  });
});
