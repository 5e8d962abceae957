import { createHmac } from "node:crypto";

/**
 * How long a TURN credential stays usable. coturn checks it only when an allocation is made
 * (an established relay outlives it), and every connection attempt gets a fresh one, so it
 * only has to cover ICE gathering plus any clock skew between the gateway and its TURN
 * servers; a leaked credential is worthless within the hour.
 */
export const TURN_CREDENTIAL_TTL_SECONDS = 3600;

/** A TURN REST API credential (what coturn's `use-auth-secret` checks). */
export interface TurnCredential {
  /** `<expiry, unix seconds>:<user id>`. */
  username: string;
  /** base64(HMAC-SHA1(shared secret, username)). */
  credential: string;
}

/**
 * Derives a short-lived credential from the shared secret, as draft-uberti-behave-turn-rest
 * defines and coturn implements: the TURN server recomputes the HMAC, so the gateway and the
 * TURN server share nothing but the secret, and the secret never leaves the gateway.
 */
export function turnCredential(
  secret: string,
  userId: string,
  nowMs = Date.now(),
  ttlSeconds = TURN_CREDENTIAL_TTL_SECONDS,
): TurnCredential {
  const username = `${Math.floor(nowMs / 1000) + ttlSeconds}:${userId}`;
  return { username, credential: createHmac("sha1", secret).update(username).digest("base64") };
}
