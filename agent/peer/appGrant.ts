import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { AppSlug } from "../../protocol/rest.js";
import type { AppTarget } from "../../protocol/streams.js";
import { parseMessage } from "../parseMessage.js";
import { fail, ok, type Result } from "../result.js";

/**
 * App grants (docs/adr/0007-app-origins.md): the gateway adds one to a `peer-offer` from an
 * app origin, and the agent lets that peer reach the one app it names. A grant is
 * `base64url(JSON payload) + "." + base64url(HMAC-SHA256(key, payload part as ASCII))`,
 * base64url without padding, with `key = HMAC-SHA256(agent token, APP_GRANT_KEY_CONTEXT)`.
 *
 * Test vector (agent/peer/appGrant.test.ts checks it; the gateway's signer should too):
 *   token   "test-agent-token-0123456789"
 *   payload {"v":1,"connectionId":"6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b",
 *            "workspaceId":"0b7e6d5c-4a3b-4c2d-9e1f-0a1b2c3d4e5f","slug":"code-server",
 *            "exp":1767225600000}   (JSON.stringify of it, in this key order)
 *   key     HMAC-SHA256(key = token as UTF-8, message = "gangway app grant v1")
 *   grant   eyJ2IjoxLCJjb25uZWN0aW9uSWQiOiI2ZjFjMmE5ZS0zYjRkLTRlNWYtOGE2Yi03YzhkOWUwZjFhMmIiLCJ3b3Jrc3BhY2VJZCI6IjBiN2U2ZDVjLTRhM2ItNGMyZC05ZTFmLTBhMWIyYzNkNGU1ZiIsInNsdWciOiJjb2RlLXNlcnZlciIsImV4cCI6MTc2NzIyNTYwMDAwMH0.owxrn0_iOHUmljTvyDunCg-CzrPdubO99KLaHvMqz00
 *   (also APP_GRANT_TEST_VECTOR in agent/testHelpers/appGrants.ts)
 */

/** The message the grant key is derived with from the agent token. */
export const APP_GRANT_KEY_CONTEXT = "gangway app grant v1";

/** How far the gateway's clock may be ahead of the agent's when it set a grant's expiry. */
export const APP_GRANT_CLOCK_SKEW_MS = 5_000;

/** The signed part of a grant. */
export const AppGrantPayload = z.object({
  v: z.literal(1),
  connectionId: z.string().uuid(),
  workspaceId: z.string().uuid(),
  slug: AppSlug,
  /** Expiry, in ms since the epoch. */
  exp: z.number().int(),
});
export type AppGrantPayload = z.infer<typeof AppGrantPayload>;

/** A grant's payload is far smaller; anything longer is not a grant. */
const MAX_PAYLOAD_BYTES = 1024;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The HMAC key grants are signed with, derived from the agent token. */
export function appGrantKey(token: string): Buffer {
  return createHmac("sha256", token).update(APP_GRANT_KEY_CONTEXT).digest();
}

/** The signature of a grant's payload part (its base64url text, as ASCII bytes). */
export function appGrantSignature(key: Buffer, payloadPart: string): Buffer {
  return createHmac("sha256", key).update(payloadPart, "ascii").digest();
}

/** The channel target an app's slug names: `code-server`, or a port number. */
export function appTargetOf(slug: AppSlug): AppTarget {
  return slug === "code-server" ? { app: "code-server" } : { port: Number(slug) };
}

/**
 * Checks the grants of this agent's peer offers: signed with this agent's token, for the
 * offer's connection and the workspace the gateway welcomed the agent into, not expired.
 */
export class AppGrantVerifier {
  private readonly key: Buffer;
  private workspaceId: string | null = null;

  constructor(
    token: string,
    private readonly now: () => number = Date.now,
  ) {
    this.key = appGrantKey(token);
  }

  /** The workspace the gateway's `welcome` named; until then every grant is refused. */
  welcomed(workspaceId: string): void {
    this.workspaceId = workspaceId;
  }

  /** The one app the grant lets the peer of `connectionId` reach, or FORBIDDEN. */
  verify(grant: string, connectionId: string): Result<AppTarget> {
    const payload = this.authenticPayload(grant);
    if (!payload) return forbidden("the app grant is not valid");
    if (payload.connectionId !== connectionId) return forbidden("the app grant is for another connection");
    if (payload.workspaceId !== this.workspaceId) return forbidden("the app grant is for another workspace");
    if (payload.exp + APP_GRANT_CLOCK_SKEW_MS < this.now()) return forbidden("the app grant expired");
    return ok(appTargetOf(payload.slug));
  }

  /** The payload, if the grant is well-formed and signed with this agent's key; else null. */
  private authenticPayload(grant: string): AppGrantPayload | null {
    const parts = grant.split(".");
    if (parts.length !== 2) return null;
    const [payloadPart = "", signaturePart = ""] = parts;
    if (!BASE64URL.test(payloadPart) || !BASE64URL.test(signaturePart)) return null;
    const signature = Buffer.from(signaturePart, "base64url");
    const expected = appGrantSignature(this.key, payloadPart);
    if (signature.byteLength !== expected.byteLength || !timingSafeEqual(signature, expected)) return null;
    const json = Buffer.from(payloadPart, "base64url").toString("utf8");
    const parsed = parseMessage(json, AppGrantPayload, MAX_PAYLOAD_BYTES);
    return parsed.ok ? parsed.value : null;
  }
}

function forbidden(message: string) {
  return fail("FORBIDDEN", message);
}
