import { createHmac, timingSafeEqual } from "node:crypto";

/** HMAC-SHA256 of `message` with `key`. */
export function hmacSha256(key: Buffer | string, message: string): Buffer {
  return createHmac("sha256", key).update(message).digest();
}

/**
 * `base64url(JSON payload) + "." + base64url(HMAC-SHA256(key, <payload part as ASCII>))`:
 * the format of app tickets, app sessions and grants (docs/adr/0007-app-origins.md). The JSON
 * keeps the payload's key order; the signature covers the payload part exactly as sent.
 */
export function signToken(key: Buffer, payload: object): string {
  const part = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${part}.${hmacSha256(key, part).toString("base64url")}`;
}

/** Upper bound on a token's length; anything longer is not one of ours. */
const MAX_TOKEN_CHARS = 4096;
const TOKEN = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/;

/**
 * The payload of a token signed with `key` (parsed JSON, still untrusted in shape), or null
 * when the token is malformed or its signature does not match (compared in constant time).
 */
export function verifyToken(key: Buffer, token: string): unknown {
  const match = token.length <= MAX_TOKEN_CHARS ? TOKEN.exec(token) : null;
  if (!match?.[1] || !match[2]) return null;
  const expected = hmacSha256(key, match[1]);
  const given = Buffer.from(match[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(match[1], "base64url").toString("utf8"));
  } catch {
    return null;
  }
}
