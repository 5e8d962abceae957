import { z } from "zod";

/**
 * REST API v1 bodies. Every route lives under `/api/v1`:
 *
 *   GET  /healthz                      Health (outside the prefix, no auth)
 *   GET  /setup  POST /setup           SetupStatus / SetupRequest -> SessionResponse
 *   POST /auth/login                   LoginRequest -> SessionResponse (sets the cookie)
 *   POST /auth/logout  GET /auth/me    -> 204 / SessionResponse
 *   GET  /users  POST /users           admin: UserList / CreateUserRequest -> User
 *   GET  /providers                    ProviderList
 *   GET  /workspaces  POST /workspaces WorkspaceList / CreateWorkspaceRequest -> Workspace (201)
 *   GET  /workspaces/:id  DELETE /workspaces/:id (204)
 *   POST /workspaces/:id/start  POST /workspaces/:id/stop -> Workspace
 *   GET  /debug/socket-bytes           admin: SocketBytes
 *   WS   /workspaces/:id/signal        browser signaling (signaling.ts)
 *   WS   /agent/connect                agent socket, `Authorization: Bearer <agent token>` (agent.ts)
 *   WS   /workspaces/:id/bench-relay   bench mode only: PTY bytes relayed through the server
 *
 * Errors use `ApiErrorBody` from
 * `errors.ts`. Mutating requests must send `Content-Type: application/json` (a cross-site
 * form cannot, which together with the SameSite session cookie blocks CSRF).
 */
export const API_PREFIX = "/api/v1";

/** Name of the HttpOnly, SameSite=Lax session cookie set by login and setup. */
export const SESSION_COOKIE = "gangway_session";

export const Role = z.enum(["admin", "member"]);
export type Role = z.infer<typeof Role>;

/** A login name: lowercase letters, digits and dashes, as in a DNS label. */
export const Username = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, "lowercase letters, digits and inner dashes only");

export const Password = z.string().min(8, "at least 8 characters").max(256);

/** A user as the API shows it; never includes the password hash. */
export const User = z.object({
  id: z.string().uuid(),
  username: Username,
  role: Role,
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;

/** GET /setup: whether the first admin still has to be created. */
export const SetupStatus = z.object({ needsSetup: z.boolean() });
export type SetupStatus = z.infer<typeof SetupStatus>;

/** POST /setup: creates the first admin and signs them in. Refused once any user exists. */
export const SetupRequest = z.object({ username: Username, password: Password });
export type SetupRequest = z.infer<typeof SetupRequest>;

/** POST /auth/login. */
export const LoginRequest = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
export type LoginRequest = z.infer<typeof LoginRequest>;

/** Response of POST /setup, POST /auth/login and GET /auth/me. */
export const SessionResponse = z.object({ user: User });
export type SessionResponse = z.infer<typeof SessionResponse>;

/** POST /users (admin only): creates another user. */
export const CreateUserRequest = z.object({ username: Username, password: Password, role: Role });
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

/** GET /users (admin only). */
export const UserList = z.object({ users: z.array(User) });
export type UserList = z.infer<typeof UserList>;

export const ProviderKind = z.enum(["local", "kubernetes", "docker"]);
export type ProviderKind = z.infer<typeof ProviderKind>;

export const ProviderStatus = z.enum(["pending", "ready", "error"]);
export type ProviderStatus = z.infer<typeof ProviderStatus>;

/** A place where workspaces run. The built-in local provider always exists. */
export const Provider = z.object({
  id: z.string(),
  name: z.string(),
  kind: ProviderKind,
  region: z.string(),
  status: ProviderStatus,
  statusMessage: z.string().nullable(),
  cordoned: z.boolean(),
});
export type Provider = z.infer<typeof Provider>;

/** GET /providers: admins see all; members see ready, uncordoned ones. */
export const ProviderList = z.object({ providers: z.array(Provider) });
export type ProviderList = z.infer<typeof ProviderList>;

/** Lifecycle of a workspace's compute. */
export const WorkspaceStatus = z.enum(["stopped", "starting", "running", "stopping", "failed"]);
export type WorkspaceStatus = z.infer<typeof WorkspaceStatus>;

/** Whether the workspace's agent currently holds its outbound socket to the gateway. */
export const AgentConnection = z.enum(["connected", "disconnected"]);
export type AgentConnection = z.infer<typeof AgentConnection>;

/** A workspace name: a DNS label, unique per owner. */
export const WorkspaceName = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, "lowercase letters, digits and inner dashes only");

export const Workspace = z.object({
  id: z.string().uuid(),
  name: WorkspaceName,
  ownerId: z.string().uuid(),
  ownerName: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  status: WorkspaceStatus,
  /** Why the workspace failed, when status is "failed". */
  statusMessage: z.string().nullable(),
  agent: z.object({
    connection: AgentConnection,
    /** ISO time the agent was last heard from; null if never. */
    lastSeenAt: z.string().nullable(),
    /** Agent's self-reported version, once connected. */
    version: z.string().nullable(),
  }),
  createdAt: z.string(),
});
export type Workspace = z.infer<typeof Workspace>;

/** GET /workspaces: the caller's own workspaces. */
export const WorkspaceList = z.object({ workspaces: z.array(Workspace) });
export type WorkspaceList = z.infer<typeof WorkspaceList>;

/** POST /workspaces: creates and starts a workspace. providerId defaults to "local". */
export const CreateWorkspaceRequest = z.object({
  name: WorkspaceName,
  providerId: z.string().min(1).max(64).optional(),
});
export type CreateWorkspaceRequest = z.infer<typeof CreateWorkspaceRequest>;

/** GET /healthz. */
export const Health = z.object({ status: z.literal("ok"), version: z.string(), protocolVersion: z.number() });
export type Health = z.infer<typeof Health>;

/**
 * GET /debug/socket-bytes (admin only): bytes each open WebSocket carried so far. Lets a
 * test (and an operator) see that terminal traffic does not pass through the gateway.
 */
export const SocketBytes = z.object({
  sockets: z.array(
    z.object({
      kind: z.enum(["signaling", "agent", "relay"]),
      workspaceId: z.string(),
      bytesIn: z.number(),
      bytesOut: z.number(),
    }),
  ),
});
export type SocketBytes = z.infer<typeof SocketBytes>;
