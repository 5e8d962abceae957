import { HttpResponse, http } from "msw";
import { describeZodError } from "../protocol/errors.js";
import {
  type AppTicket,
  AppTicketRequest,
  CreateUserRequest,
  CreateWorkspaceRequest,
  type Health,
  LoginRequest,
  type SessionResponse,
  SetupRequest,
  type SetupStatus,
  type SocketBytes,
  type User,
  type UserList,
  type Workspace,
  type WorkspaceAppList,
  type WorkspaceList,
} from "../protocol/rest.js";
import { PROTOCOL_VERSION } from "../protocol/version.js";
import { MockRunningWorkspace, mockApps } from "./fixtures";
import { api, errorResponse, json, parseBody } from "./http";
import { providerHandlers } from "./providerHandlers";
import { mockState } from "./state";

/**
 * msw handlers for every REST route in protocol/rest.ts, backed by `mockState`. Shared by
 * component tests (server-mock/node.ts) and `npm run dev:mock` (server-mock/browser.ts).
 * A test overrides one route with `server.use(http.get(api("/…"), …))` (helpers in http.ts).
 */

const unauthenticated = (): Response => errorResponse(401, "UNAUTHENTICATED", "sign in first");
const notFound = (): Response => errorResponse(404, "NOT_FOUND", "workspace not found");

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

  ...providerHandlers,

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
    const providerId = body.data.providerId ?? "local";
    const provider = mockState.getProvider(providerId);
    if (!provider) return errorResponse(400, "INVALID_REQUEST", `providerId: no provider "${providerId}"`);
    if (provider.cordoned || provider.status !== "ready") {
      const why = provider.cordoned ? `it is cordoned: ${provider.cordonReason}` : `it is ${provider.status}`;
      return errorResponse(409, "PROVIDER_UNAVAILABLE", `${provider.name} takes no new workspaces: ${why}`);
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

  http.get(api("/workspaces/:id/apps"), ({ params }) => {
    if (!mockState.currentUser) return unauthenticated();
    const workspace = owned(params.id);
    if (!workspace) return notFound();
    if (workspace.agent.connection !== "connected")
      return json<WorkspaceAppList>({ apps: [], reason: "The workspace's agent is not connected." });
    return json<WorkspaceAppList>({ apps: mockApps(workspace), reason: null });
  }),

  http.post(api("/workspaces/:id/apps/:slug/ticket"), async ({ params, request }) => {
    const user = mockState.currentUser;
    if (!user) return unauthenticated();
    const workspace = owned(params.id);
    if (!workspace) return notFound();
    const body = await parseBody(request, AppTicketRequest);
    if (!body.success) return errorResponse(400, "INVALID_REQUEST", describeZodError(body.error));
    const app = mockApps(workspace).find((candidate) => candidate.slug === params.slug);
    if (!app) return errorResponse(404, "NOT_FOUND", "this workspace has no such app");
    const ticket = "mock-ticket";
    const url = `${app.origin}/__gangway/auth?ticket=${ticket}&path=${encodeURIComponent(body.data.path ?? "/")}`;
    return json<AppTicket>({ url, origin: app.origin, expiresInMs: 60_000 });
  }),

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
