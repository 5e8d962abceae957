import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { MockAdmin, MockWorkspaces } from "../../server-mock/fixtures";
import { api, errorResponse } from "../../server-mock/http";
import { server } from "../../server-mock/node";
import { API, ApiError, NetworkError } from "./api";

describe("Api", () => {
  it("parses responses with the protocol schemas", async () => {
    const { workspaces } = await API.getWorkspaces();
    const own = MockWorkspaces.filter((w) => w.ownerId === MockAdmin.id);
    expect(workspaces.map((w) => w.name)).toEqual(own.map((w) => w.name));
  });

  it("sends mutations as JSON", async () => {
    let seen: { contentType: string | null; body: unknown } | null = null;
    server.use(
      http.post(api("/workspaces/:id/start"), async ({ request }) => {
        seen = { contentType: request.headers.get("Content-Type"), body: await request.json() };
        return errorResponse(409, "INVALID_STATE", "already running");
      }),
    );
    await API.startWorkspace("w1").catch(() => undefined);
    expect(seen).toEqual({ contentType: "application/json", body: {} });
  });

  it("turns an error body into an ApiError with the code and status", async () => {
    server.use(http.post(api("/auth/login"), () => errorResponse(401, "INVALID_CREDENTIALS", "nope")));
    const error = await API.login({ username: "ada", password: "wrong" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "INVALID_CREDENTIALS", status: 401, message: "nope" });
  });

  it("derives a code from the status when the body is not the protocol's", async () => {
    server.use(http.get(api("/workspaces"), () => new HttpResponse("<h1>Bad gateway</h1>", { status: 502 })));
    await expect(API.getWorkspaces()).rejects.toMatchObject({ code: "INTERNAL", status: 502 });
    server.use(http.get(api("/workspaces"), () => new HttpResponse(null, { status: 404 })));
    await expect(API.getWorkspaces()).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
  });

  it("refuses a response that does not match the protocol", async () => {
    server.use(http.get(api("/workspaces"), () => HttpResponse.json({ workspaces: [{ name: "half" }] })));
    await expect(API.getWorkspaces()).rejects.toMatchObject({ code: "INTERNAL", status: 200 });
  });

  it("reports an unreachable gateway as a NetworkError", async () => {
    server.use(http.get(api("/workspaces"), () => HttpResponse.error()));
    await expect(API.getWorkspaces()).rejects.toBeInstanceOf(NetworkError);
  });
});
