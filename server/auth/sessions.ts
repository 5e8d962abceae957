import type { FastifyReply, FastifyRequest } from "fastify";
import { SESSION_COOKIE } from "../../protocol/rest.js";
import type { Db } from "../db/database.js";
import type { UserRow } from "../db/schema.js";
import { newToken, sha256Hex } from "./tokens.js";

/** A week: long enough that a daily user rarely signs in again, short enough that a lost laptop's cookie dies. */
export const SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** Browser sessions: the cookie holds a random token; the database holds only its sha256. */
export class SessionStore {
  constructor(
    private readonly db: Db,
    /** Marks the cookie Secure; true when the access URL is https. */
    private readonly secureCookies: boolean,
  ) {}

  /** Starts a session for the user and sets its cookie on the reply. */
  async start(reply: FastifyReply, userId: string): Promise<void> {
    const now = new Date();
    const token = newToken();
    const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
    // Sign-ins are rare, so this is a cheap moment to sweep sessions that expired.
    await this.db.deleteFrom("sessions").where("expires_at", "<=", now.toISOString()).execute();
    await this.db
      .insertInto("sessions")
      .values({
        id: sha256Hex(token),
        user_id: userId,
        created_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
      })
      .execute();
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: this.secureCookies,
      expires: expiresAt,
    });
  }

  /** The signed-in user of this request, or null when the cookie is missing, unknown or expired. */
  async userOf(request: FastifyRequest): Promise<UserRow | null> {
    const sessionId = this.sessionIdOf(request);
    return sessionId ? this.userOfSession(sessionId) : null;
  }

  /**
   * The id (database key) of the session the request's cookie names, whether or not it exists:
   * check with `userOfSession`. App sessions name their dashboard session by it.
   */
  sessionIdOf(request: FastifyRequest): string | null {
    const token = request.cookies[SESSION_COOKIE];
    return token ? sha256Hex(token) : null;
  }

  /** The user of a live session, or null when it ended (logout), expired or never existed. */
  async userOfSession(sessionId: string): Promise<UserRow | null> {
    const row = await this.db
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.user_id")
      .selectAll("users")
      .select("sessions.expires_at")
      .where("sessions.id", "=", sessionId)
      .executeTakeFirst();
    if (!row || row.expires_at <= new Date().toISOString()) return null;
    const { expires_at: _, ...user } = row;
    return user;
  }

  /** Ends the request's session (if any) and clears its cookie. */
  async end(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await this.db.deleteFrom("sessions").where("id", "=", sha256Hex(token)).execute();
    reply.clearCookie(SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "lax", secure: this.secureCookies });
  }
}
