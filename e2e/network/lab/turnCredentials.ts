import { createHmac } from "node:crypto";

/** Short-lived TURN credentials as the TURN REST API (coturn's --use-auth-secret) defines them. */
export interface TurnCredentials {
  /** `<expiry unix seconds>:<user>`. */
  readonly username: string;
  /** base64(HMAC-SHA1(shared secret, username)). */
  readonly credential: string;
}

export function turnRestCredentials(
  secret: string,
  user: string,
  ttlSeconds: number,
  nowMs = Date.now(),
): TurnCredentials {
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiry}:${user}`;
  return { username, credential: createHmac("sha1", secret).update(username).digest("base64") };
}
