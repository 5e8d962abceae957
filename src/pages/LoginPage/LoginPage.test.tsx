import { screen } from "@testing-library/react";
import { HttpResponse, http } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import { MockRunningWorkspace } from "../../../server-mock/fixtures";
import { api, errorResponse } from "../../../server-mock/http";
import { server } from "../../../server-mock/node";
import { mockState } from "../../../server-mock/state";
import { currentUrl, renderAt } from "../../testHelpers/renderWithRouter";

const wanted = `/workspaces/${MockRunningWorkspace.id}`;

describe("LoginPage", () => {
  beforeEach(() => {
    mockState.currentUserId = null;
  });

  it("receives signed-out users and keeps the page they wanted", async () => {
    const { router } = renderAt(wanted);
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(currentUrl(router)).toBe(`/login?redirect=${encodeURIComponent(wanted)}`);
  });

  it("says when the username or password is wrong", async () => {
    const { user } = renderAt("/login");
    await user.type(await screen.findByLabelText("Username"), "ada");
    await user.type(screen.getByLabelText("Password"), "not-the-password");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Wrong username or password");
    expect(screen.getByTestId("error-code")).toHaveTextContent("INVALID_CREDENTIALS");
  });

  it("words other errors by their code", async () => {
    server.use(http.post(api("/auth/login"), () => errorResponse(429, "RATE_LIMITED", "slow down")));
    const { user } = renderAt("/login");
    await user.type(await screen.findByLabelText("Username"), "ada");
    await user.type(screen.getByLabelText("Password"), "whatever-it-is");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Too many requests. Wait a moment and try again.");
    expect(screen.getByTestId("error-code")).toHaveTextContent("RATE_LIMITED");
  });

  it("asks for both fields before sending", async () => {
    const { user } = renderAt("/login");
    await user.click(await screen.findByRole("button", { name: "Sign in" }));
    expect(screen.getByLabelText("Username")).toHaveAccessibleDescription("Enter your username");
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription("Enter your password");
  });

  it("signs in and returns to the wanted page", async () => {
    const { router, user } = renderAt(`/login?redirect=${encodeURIComponent(wanted)}`);
    await user.type(await screen.findByLabelText("Username"), "ada");
    await user.type(screen.getByLabelText("Password"), "correct-horse");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("heading", { name: /api-server/ })).toBeInTheDocument();
    expect(currentUrl(router)).toBe(wanted);
  });

  it("redirects to /login when the session has expired", async () => {
    mockState.reset();
    server.use(http.get(api("/auth/me"), () => errorResponse(401, "UNAUTHENTICATED", "expired")));
    const { router } = renderAt("/");
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(currentUrl(router)).toBe("/login");
  });

  it("redirects to /setup when the gateway needs setting up", async () => {
    server.use(http.get(api("/setup"), () => HttpResponse.json({ needsSetup: true })));
    const { router } = renderAt("/login");
    expect(await screen.findByRole("heading", { name: "Set up Gangway" })).toBeInTheDocument();
    expect(currentUrl(router)).toBe("/setup");
  });
});
