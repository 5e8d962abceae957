import type { AppSlug } from "../../protocol/rest.js";
import { hmacSha256, signToken } from "./signedToken.js";

/** How long after its offer a grant is valid: the agent checks it when the offer arrives. */
export const APP_GRANT_LIFETIME_MS = 60_000;

/** The label the grant key is derived with from the agent token (docs/adr/0007-app-origins.md). */
export const APP_GRANT_KEY_LABEL = "gangway app grant v1";

/** `HMAC-SHA256(agent token, "gangway app grant v1")`: the key both sides sign and check grants with. */
export function appGrantKey(agentToken: string): Buffer {
  return hmacSha256(agentToken, APP_GRANT_KEY_LABEL);
}

/**
 * Signs the grants that app peers' offers carry to their agent. The database keeps only the
 * sha256 of an agent token, from which no key can be derived, so the key is derived from the
 * token itself whenever an agent authenticates its socket (the token is in its Authorization
 * header then) and kept in memory only, per workspace. An agent must be connected for an
 * offer to reach it, and it connects with the current token, so the key is there whenever a
 * grant can be delivered; a gateway restart loses nothing, since agents reconnect. A key left
 * behind by a stopped workspace is 32 bytes and useless: its token was revoked.
 */
export class AppGrants {
  readonly #keys = new Map<string, Buffer>();

  constructor(private readonly clock: () => number) {}

  /** An agent of this workspace authenticated with `agentToken`. */
  agentAuthenticated(workspaceId: string, agentToken: string): void {
    this.#keys.set(workspaceId, appGrantKey(agentToken));
  }

  /**
   * A grant letting peer connection `connectionId` reach app `slug` of the workspace, or null
   * when no agent of the workspace has authenticated with this gateway.
   */
  issue(workspaceId: string, connectionId: string, slug: AppSlug): string | null {
    const key = this.#keys.get(workspaceId);
    if (!key) return null;
    const exp = this.clock() + APP_GRANT_LIFETIME_MS;
    return signToken(key, { v: 1, connectionId, workspaceId, slug, exp });
  }
}
