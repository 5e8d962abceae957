import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes: session cookies and agent tokens are unguessable bearer secrets. */
const TOKEN_BYTES = 32;

/** A fresh bearer token (base64url). Store only `sha256Hex(token)`. */
export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

/** Database key of a token: a leaked database row cannot be replayed as a cookie or agent token. */
export function sha256Hex(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The token of an `Authorization: Bearer <token>` header (base64url, as `newToken` makes them), or null. */
export function bearerToken(authorization: string | undefined): string | null {
  return /^Bearer ([A-Za-z0-9_-]{1,128})$/.exec(authorization ?? "")?.[1] ?? null;
}
