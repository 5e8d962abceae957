import { randomBytes } from "node:crypto";
import { z } from "zod";
import { AppSlug, AppTicketRequest } from "../../protocol/rest.js";
import { hmacSha256, signToken, verifyToken } from "./signedToken.js";

/** How long a ticket link works: long enough to open a tab, short enough to be useless in history. */
export const APP_TICKET_LIFETIME_MS = 60_000;
/** How long an app session lasts (it ends sooner when its dashboard session does). */
export const APP_SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

/**
 * `path` if it is a path on the app's own origin to redirect to: it starts with one "/" (a
 * second, or a backslash, which browsers read as one, would name another host), printable
 * ASCII only. Null otherwise.
 */
export function appRedirectPath(path: unknown): string | null {
  const parsed = AppTicketRequest.shape.path.safeParse(path);
  if (!parsed.success || parsed.data === undefined) return null;
  return parsed.data.startsWith("//") || parsed.data.includes("\\") ? null : parsed.data;
}

/** Who may use which app, as a ticket and then an app session carry it. */
export interface AppClaims {
  userId: string;
  workspaceId: string;
  slug: AppSlug;
  /** The dashboard session (its id in the sessions table) the access came from. */
  sessionId: string;
  /** The app's hostname; the request's Host must be this. */
  hostname: string;
}

const Claims = {
  v: z.literal(1),
  user: z.string(),
  workspace: z.string(),
  slug: AppSlug,
  session: z.string(),
  host: z.string(),
  exp: z.number().int(),
};
const TicketPayload = z.object({ ...Claims, nonce: z.string() });
const SessionPayload = z.object(Claims);

/** An app session's cookie value and when it expires. */
export interface AppSessionCookie {
  value: string;
  expires: Date;
}

/**
 * Signs and checks app tickets and app sessions (docs/adr/0007-app-origins.md) with keys
 * derived from the gateway's app key, one per purpose, so neither can pass for the other.
 * A ticket is accepted once: its nonce is remembered until the ticket expires. What only the
 * database knows (the dashboard session still exists, the user still reaches the workspace)
 * is for the caller to check.
 */
export class AppAccess {
  readonly #ticketKey: Buffer;
  readonly #sessionKey: Buffer;
  /** Nonces of redeemed tickets, with their expiry. */
  readonly #usedNonces = new Map<string, number>();

  constructor(
    appKey: Buffer,
    private readonly clock: () => number,
  ) {
    this.#ticketKey = hmacSha256(appKey, "gangway app ticket v1");
    this.#sessionKey = hmacSha256(appKey, "gangway app session v1");
  }

  issueTicket(claims: AppClaims): string {
    const nonce = randomBytes(16).toString("base64url");
    return signToken(this.#ticketKey, { ...toPayload(claims, this.clock() + APP_TICKET_LIFETIME_MS), nonce });
  }

  /**
   * The ticket's claims if it is genuine, unexpired, for this hostname and not used before;
   * it counts as used from then on. Null otherwise.
   */
  redeemTicket(ticket: string, hostname: string): AppClaims | null {
    const now = this.clock();
    this.#forgetExpiredNonces(now);
    const payload = TicketPayload.safeParse(verifyToken(this.#ticketKey, ticket));
    if (!payload.success || !this.#current(payload.data, hostname, now)) return null;
    if (this.#usedNonces.has(payload.data.nonce)) return null;
    this.#usedNonces.set(payload.data.nonce, payload.data.exp);
    return fromPayload(payload.data);
  }

  /** A signed app session for these claims, valid for APP_SESSION_LIFETIME_MS. */
  sessionCookie(claims: AppClaims): AppSessionCookie {
    const exp = this.clock() + APP_SESSION_LIFETIME_MS;
    return { value: signToken(this.#sessionKey, toPayload(claims, exp)), expires: new Date(exp) };
  }

  /** The claims of an app session cookie that is genuine, unexpired and for this hostname; else null. */
  readSession(value: string | undefined, hostname: string): AppClaims | null {
    if (!value) return null;
    const payload = SessionPayload.safeParse(verifyToken(this.#sessionKey, value));
    return payload.success && this.#current(payload.data, hostname, this.clock()) ? fromPayload(payload.data) : null;
  }

  #current(payload: { host: string; exp: number }, hostname: string, now: number): boolean {
    return payload.exp > now && payload.host === hostname;
  }

  #forgetExpiredNonces(now: number): void {
    for (const [nonce, exp] of this.#usedNonces) {
      if (exp <= now) this.#usedNonces.delete(nonce);
    }
  }
}

function toPayload(claims: AppClaims, exp: number) {
  return {
    v: 1,
    user: claims.userId,
    workspace: claims.workspaceId,
    slug: claims.slug,
    session: claims.sessionId,
    host: claims.hostname,
    exp,
  } as const;
}

function fromPayload(payload: z.infer<typeof SessionPayload>): AppClaims {
  return {
    userId: payload.user,
    workspaceId: payload.workspace,
    slug: payload.slug,
    sessionId: payload.session,
    hostname: payload.host,
  };
}
