import { type AppGrantPayload, appGrantKey, appGrantSignature } from "../peer/appGrant.js";

/**
 * A grant as the gateway signs it (docs/adr/0007-app-origins.md), for tests that play the
 * gateway. The payload's JSON keeps the order given; the agent does not care about it.
 */
export function signAppGrant(token: string, payload: AppGrantPayload): string {
  const payloadPart = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${payloadPart}.${appGrantSignature(appGrantKey(token), payloadPart).toString("base64url")}`;
}

/**
 * A fixed grant, computed once outside this code base (Python's hmac and base64), so the
 * agent's verifier and the gateway's signer can both be checked against it.
 */
export const APP_GRANT_TEST_VECTOR = {
  token: "test-agent-token-0123456789",
  payload: {
    v: 1,
    connectionId: "6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b",
    workspaceId: "0b7e6d5c-4a3b-4c2d-9e1f-0a1b2c3d4e5f",
    slug: "code-server",
    exp: 1767225600000,
  } satisfies AppGrantPayload,
  grant:
    "eyJ2IjoxLCJjb25uZWN0aW9uSWQiOiI2ZjFjMmE5ZS0zYjRkLTRlNWYtOGE2Yi03YzhkOWUwZjFhMmIiLCJ3b3Jrc3BhY2VJZCI6IjBiN2U2ZDVjLTRhM2ItNGMyZC05ZTFmLTBhMWIyYzNkNGU1ZiIsInNsdWciOiJjb2RlLXNlcnZlciIsImV4cCI6MTc2NzIyNTYwMDAwMH0" +
    ".owxrn0_iOHUmljTvyDunCg-CzrPdubO99KLaHvMqz00",
} as const;

/** A valid payload for `connectionId` and `workspaceId`, expiring a minute from now unless told. */
export function grantPayload(
  connectionId: string,
  workspaceId: string,
  overrides: Partial<AppGrantPayload> = {},
): AppGrantPayload {
  return { v: 1, connectionId, workspaceId, slug: "code-server", exp: Date.now() + 60_000, ...overrides };
}
