import { render, screen } from "@testing-library/react";
import { createMemoryRouter, RouterProvider, useLocation } from "react-router";
import { describe, expect, it } from "vitest";
import { NewTerminalSession } from "./NewTerminalSession";

function Where() {
  const { pathname, search } = useLocation();
  return <p data-testid="where">{pathname + search}</p>;
}

describe("NewTerminalSession", () => {
  it("puts a fresh session id in the URL, keeping the query", async () => {
    const router = createMemoryRouter(
      [
        { path: "/workspaces/:workspaceId/terminal", element: <NewTerminalSession /> },
        { path: "/workspaces/:workspaceId/terminal/:sessionId", element: <Where /> },
      ],
      { initialEntries: ["/workspaces/w1/terminal?transport=relay"] },
    );
    render(<RouterProvider router={router} />);
    expect((await screen.findByTestId("where")).textContent).toMatch(
      /^\/workspaces\/w1\/terminal\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}\?transport=relay$/,
    );
    expect(router.state.historyAction).toBe("REPLACE");
  });
});
