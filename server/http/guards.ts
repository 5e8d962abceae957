import type { FastifyRequest } from "fastify";
import type { SessionStore } from "../auth/sessions.js";
import type { UserStore } from "../auth/users.js";
import type { UserRow } from "../db/schema.js";
import { ApiError } from "./errors.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Set by `Guards.signedIn` / `Guards.admin` before the handler runs. */
    user: UserRow | null;
    /** The workspace a WebSocket route's hooks authorized, for its handler after the upgrade. */
    targetWorkspaceId: string | null;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence: a cross-site HTML form can only send form or text bodies, never
 * application/json, and with the SameSite=Lax cookie that closes the door on forged requests.
 */
export async function requireJsonForMutations(request: FastifyRequest): Promise<void> {
  if (SAFE_METHODS.has(request.method)) return;
  const type = request.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError(415, "INVALID_REQUEST", "Content-Type must be application/json for this request.");
  }
}

/** The signed-in user; only valid in handlers behind a `Guards` hook. */
export function currentUser(request: FastifyRequest): UserRow {
  if (!request.user) throw new Error("route is missing its authentication hook");
  return request.user;
}

/** Pre-handler hooks that authenticate and authorize; they run before any WebSocket upgrade. */
export class Guards {
  constructor(
    private readonly users: UserStore,
    private readonly sessions: SessionStore,
    /** Origins a browser WebSocket may come from; resolved lazily because the port is known only after listen. */
    private readonly allowedOrigins: () => readonly string[],
  ) {}

  /** Refuses every request until the first admin exists (428 SETUP_REQUIRED). */
  readonly setupDone = async (): Promise<void> => {
    if (await this.users.needsSetup()) {
      throw new ApiError(428, "SETUP_REQUIRED", "Create the first admin account first.");
    }
  };

  readonly signedIn = async (request: FastifyRequest): Promise<void> => {
    await this.setupDone();
    request.user = await this.sessions.userOf(request);
    if (!request.user) throw new ApiError(401, "UNAUTHENTICATED", "Sign in first.");
  };

  readonly admin = async (request: FastifyRequest): Promise<void> => {
    await this.signedIn(request);
    if (request.user?.role !== "admin") throw new ApiError(403, "FORBIDDEN", "Only admins may do this.");
  };

  /**
   * API requests that change something (every method but GET and HEAD) must not come from a
   * page on another origin: app origins share the dashboard's site (docs/adr/0007), so
   * SameSite does not keep their pages away from the API. A request without an Origin header
   * (curl, an agent) is not a browser page acting on a user's behalf and passes.
   */
  readonly dashboardOrigin = async (request: FastifyRequest): Promise<void> => {
    if (request.method === "GET" || request.method === "HEAD") return;
    const origin = request.headers.origin;
    if (origin !== undefined && !this.allowedOrigins().includes(origin)) {
      throw new ApiError(403, "FORBIDDEN", "The dashboard's API only takes changes from the dashboard's origin.");
    }
  };

  /**
   * Browsers send cookies on cross-site WebSocket handshakes and CORS does not apply to them,
   * so a socket opened by another site's page must be refused by its Origin.
   */
  readonly browserOrigin = async (request: FastifyRequest): Promise<void> => {
    const origin = request.headers.origin;
    if (!origin || !this.allowedOrigins().includes(origin)) {
      throw new ApiError(403, "FORBIDDEN", "This WebSocket must be opened from the dashboard's origin.");
    }
  };
}
