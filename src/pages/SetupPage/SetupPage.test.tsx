import { screen } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { mockState } from "../../../server-mock/state";
import { currentUrl, renderAt } from "../../testHelpers/renderWithRouter";

describe("SetupPage", () => {
  beforeEach(() => mockState.resetToFirstRun());

  it("is where every page goes before the first admin exists", async () => {
    const { router } = renderAt("/workspaces/0b8e7d5c-1f2a-4c3b-8d9e-000000000001");
    expect(await screen.findByRole("heading", { name: "Set up Gangway" })).toBeInTheDocument();
    expect(currentUrl(router)).toBe("/setup");
  });

  it("creates the admin, signs in and lands on the dashboard", async () => {
    const { router, user } = renderAt("/setup");
    await user.type(await screen.findByLabelText("Username"), "root-admin");
    await user.type(screen.getByLabelText("Password"), "a-long-password");
    await user.type(screen.getByLabelText("Confirm password"), "a-long-password");
    await user.click(screen.getByRole("button", { name: "Create admin and sign in" }));

    expect(await screen.findByRole("heading", { name: "Workspaces" })).toBeInTheDocument();
    expect(screen.getByTestId("current-user")).toHaveTextContent("root-admin");
    expect(await screen.findByText("No workspaces yet")).toBeInTheDocument();
    expect(currentUrl(router)).toBe("/");
    expect(mockState.users.map((u) => u.user.username)).toEqual(["root-admin"]);
  });

  it("checks the fields before sending anything", async () => {
    const { user } = renderAt("/setup");
    await user.type(await screen.findByLabelText("Username"), "Root Admin");
    await user.type(screen.getByLabelText("Password"), "short");
    await user.type(screen.getByLabelText("Confirm password"), "shorter");
    await user.click(screen.getByRole("button", { name: "Create admin and sign in" }));

    expect(screen.getByLabelText("Username")).toHaveAccessibleDescription(
      "Lowercase letters, digits and inner dashes only",
    );
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription("At least 8 characters");
    expect(screen.getByLabelText("Confirm password")).toHaveAccessibleDescription("The passwords do not match");
    expect(mockState.needsSetup).toBe(true);
  });

  it("sends a finished gateway to sign in instead", async () => {
    mockState.reset();
    mockState.currentUserId = null;
    const { router } = renderAt("/setup");
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(currentUrl(router)).toBe("/login");
  });
});
