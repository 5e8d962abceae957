import type { IceServer } from "../../protocol/signaling.js";
import { turnCredential } from "./TurnCredentials.js";

/** The gateway's ICE configuration (from GANGWAY_STUN_URLS, GANGWAY_TURN_URLS, GANGWAY_TURN_SECRET, GANGWAY_ICE_SERVERS). */
export interface IceConfig {
  stunUrls: readonly string[];
  /** TURN servers that accept credentials signed with `turnSecret`. */
  turnUrls: readonly string[];
  /** The TURN REST shared secret; null when no TURN server is configured. Never sent, never logged. */
  turnSecret: string | null;
  /** Static servers passed through as they are (GANGWAY_ICE_SERVERS). */
  extraServers: readonly IceServer[];
}

/** Who a connection is for and where its workspace runs. */
export interface IceRequest {
  userId: string;
  /** TURN servers of the workspace's provider region, tried before the gateway's own. */
  providerTurnUrls: readonly string[];
}

/**
 * Hands each peer connection attempt its ICE servers: STUN, then TURN with a credential made
 * for this user just now. The browser gets them in `hello`, the agent in `peer-offer`, so both
 * ends can reach the same relays.
 */
export class IceServerIssuer {
  constructor(
    private readonly config: IceConfig,
    private readonly now: () => number = Date.now,
  ) {}

  issue(request: IceRequest): IceServer[] {
    const servers: IceServer[] = [];
    if (this.config.stunUrls.length > 0) servers.push({ urls: [...this.config.stunUrls] });
    const secret = this.config.turnSecret;
    if (secret) {
      const turnUrls = [...new Set([...request.providerTurnUrls, ...this.config.turnUrls])];
      if (turnUrls.length > 0) servers.push({ urls: turnUrls, ...turnCredential(secret, request.userId, this.now()) });
    }
    return [...servers, ...this.config.extraServers];
  }
}
