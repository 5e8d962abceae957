import { HttpResponse, http, type JsonBodyType } from "msw";
import type { z } from "zod";
import { type ApiErrorBody, describeZodError, type ErrorCode } from "../protocol/errors.js";
import {
  API_PREFIX,
  CreateUserRequest,
  CreateWorkspaceRequest,
  type Health,
  LoginRequest,
  type ProviderList,
  type SessionResponse,
  SetupRequest,
  type SetupStatus,
  type SocketBytes,
  type User,
  type UserList,
  type Workspace,
  type WorkspaceList,
} from "../protocol/rest.js";
import { PROTOCOL_VERSION } from "../protocol/version.js";
import { MockRunningWorkspace } from "./fixtures";
import { mockState } from "./state";

/**
 * msw handlers for every REST route in protocol/rest.ts, backed by `mockState`. Shared by
 * component tests (server-mock/node.ts) and `npm run dev:mock` (server-mock/browser.ts).
 * A test overrides one route with `server.use(http.get(api("/…"), …))`.
 */

/** The full URL path of an API route, for handlers and overrides. */
export function api(path: string): string {
  return API_PREFIX + path;
}

/** A JSON response typed by the protocol body it carries. */
function json<T extends JsonBodyType>(body: T, status = 200): Response {
  return HttpResponse.json(body, { status });
}

export function errorResponse(status: number, code: ErrorCode, message: string): Response {
  return json<ApiErrorBody>({ error: { code, message } }, status);
}

const unauthenticated = (): Response => errorResponse(401, "UNAUTHENTICATED", "sign in first");
const notFound = (): Response => errorResponse(404, "NOT_FOUND", "workspace not found");

async function parseBody<S extends z.ZodType>(request: Request, schema: S) {
  return schema.safeParse(await request.json().catch(() => undefined));
}

function session(user: User): Response {
  return json<SessionResponse>({ user });
}

function owned(id: string | readonly string[] | undefined): Workspace | null {
  const user = mockState.currentUser;
  return user && typeof id === "string" ? mockState.getWorkspace(id, user.id) : null;
}

export const handlers = [
  http.get("/healthz", () => json<Health>({ status: "ok", version: "0.1.0-mock", protocolVersion: PROTOCOL_VERSION })),

  http.get(api("/setup"), () => json<SetupStatus>({ needsSetup: mockState.needsSetup })),

  http.post(api("/setup"), async ({ request }) => {
    if (!mockState.needsSetup) return errorResponse(409, "SETUP_ALREADY_DONE", "setup was already completed");
    const body = await parseBody(request, SetupRequest);
    if (!body.success) return errorResponse(400, "INVALID_REQUEST", describeZodError(body.error));
    const user: User = {
      id: crypto.randomUUID(),
      username: body.data.username,
      role: "admin",
      createdAt: new Date().toISOString(),
    };
    mockState.users.push({ user, password: body.data.password });
    mockState.currentUserId = user.id;
    return session(user);
  }),

  http.post(api("/auth/login"), async ({ request }) => {
    const body = await parseBody(request, LoginRequest);
    if (!body.success) return errorResponse(400, "INVALID_REQUEST", describeZodError(body.error));
    const match = mockState.users.find(
      (u) => u.user.username === body.data.username && u.password === body.data.password,
    );
    if (!match) return errorResponse(401, "INVALID_CREDENTIALS", "wrong username or password");
    mockState.currentUserId = match.user.id;
    return session(match.user);
  }),

  http.post(api("/auth/logout"), () => {
    mockState.currentUserId = null;
    return new HttpResponse(null, { status: 204 });
  }),

  http.get(api("/auth/me"), () => {
    const user = mockState.currentUser;
    return user ? session(user) : unauthenticated();
  }),

  http.get(api("/users"), () => {
    const user = mockState.currentUser;
    if (!user) return unauthenticated();
    if (user.role !== "admin") return errorResponse(403, "FORBIDDEN", "admins only");
    return json<UserList>({ users: mockState.users.map((u) => u.user) });
  }),

  http.post(api("/users"), async ({ request }) => {
    const current = mockState.currentUser;
    if (!current) return unauthenticated();
    if (current.role !== "admin") return errorResponse(403, "FORBIDDEN", "admins only");
    const body = await parseBody(request, CreateUserRequest);
    if (!body.success) return errorResponse(400, "INVALID_REQUEST", describeZodError(body.error));
    if (mockState.users.some((u) => u.user.username === body.data.username)) {
      return errorResponse(409, "CONFLICT", "a user with this name already exists");
    }
    const user: User = {
      id: crypto.randomUUID(),
      username: body.data.username,
      role: body.data.role,
      createdAt: new Date().toISOString(),
    };
    mockState.users.push({ user, password: body.data.password });
    return json<User>(user, 201);
  }),

  http.get(api("/providers"), () => {
    const user = mockState.currentUser;
    if (!user) return unauthenticated();
    const visible =
      user.role === "admin"
        ? mockState.providers
        : mockState.providers.filter((p) => p.status === "ready" && !p.cordoned);
    return json<ProviderList>({ providers: visible });
  }),

  http.get(api("/workspaces"), () => {
    const user = mockState.currentUser;
    if (!user) return unauthenticated();
    return json<WorkspaceList>({ workspaces: mockState.listWorkspaces(user.id) });
  }),

  http.post(api("/workspaces"), async ({ request }) => {
    const user = mockState.currentUser;
    if (!user) return unauthenticated();
    const body = await parseBody(request, CreateWorkspaceRequest);
    if (!body.success) return errorResponse(400, "INVALID_REQUEST", describeZodError(body.error));
    const provider = mockState.providers.find((p) => p.id === (body.data.providerId ?? "local"));
    if (!provider || provider.cordoned || provider.status !== "ready") {
      return errorResponse(400, "INVALID_REQUEST", "providerId: no ready provider with this id");
    }
    if (mockState.listWorkspaces(user.id).some((w) => w.name === body.data.name)) {
      return errorResponse(409, "CONFLICT", "a workspace with this name already exists");
    }
    const workspace: Workspace = {
      ...structuredClone(MockRunningWorkspace),
      id: crypto.randomUUID(),
      name: body.data.name,
      ownerId: user.id,
      ownerName: user.username,
      providerId: provider.id,
      providerName: provider.name,
      status: "starting",
      agent: { connection: "disconnected", lastSeenAt: null, version: null },
      createdAt: new Date().toISOString(),
    };
    mockState.addWorkspace(workspace);
    return json<Workspace>(workspace, 201);
  }),

  http.get(api("/workspaces/:id"), ({ params }) => {
    if (!mockState.currentUser) return unauthenticated();
    const workspace = owned(params.id);
    return workspace ? json<Workspace>(workspace) : notFound();
  }),

  http.delete(api("/workspaces/:id"), ({ params }) => {
    if (!mockState.currentUser) return unauthenticated();
    const workspace = owned(params.id);
    if (!workspace) return notFound();
    mockState.deleteWorkspace(workspace.id);
    return new HttpResponse(null, { status: 204 });
  }),

  http.post(api("/workspaces/:id/start"), ({ params }) => transition(params.id, "running")),
  http.post(api("/workspaces/:id/stop"), ({ params }) => transition(params.id, "stopped")),

  http.get(api("/debug/socket-bytes"), () => {
    const user = mockState.currentUser;
    if (!user) return unauthenticated();
    if (user.role !== "admin") return errorResponse(403, "FORBIDDEN", "admins only");
    return json<SocketBytes>({
      sockets: [{ kind: "signaling", workspaceId: MockRunningWorkspace.id, bytesIn: 4210, bytesOut: 3876 }],
    });
  }),
];

function transition(id: string | readonly string[] | undefined, to: "running" | "stopped") {
  if (!mockState.currentUser) return unauthenticated();
  const workspace = owned(id);
  if (!workspace) return notFound();
  const allowed = to === "running" ? ["stopped", "failed"] : ["running", "starting", "failed"];
  if (!allowed.includes(workspace.status)) {
    return errorResponse(
      409,
      "INVALID_STATE",
      `cannot ${to === "running" ? "start" : "stop"} a ${workspace.status} workspace`,
    );
  }
  const started = mockState.beginTransition(workspace.id, to);
  return started ? json<Workspace>(started) : notFound();
}
