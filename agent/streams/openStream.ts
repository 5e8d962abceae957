import type { DataChannel } from "node-datachannel";
import type { Logger } from "pino";
import { StreamKind } from "../../protocol/streams.js";
import type { AppLaunchers } from "../apps/AppLauncher.js";
import { HttpChannel } from "../apps/HttpChannel.js";
import { WsChannel } from "../apps/WsChannel.js";
import type { PtySessionManager } from "../pty/PtySessionManager.js";
import type { AgentIdentity } from "./agentIdentity.js";
import { ControlChannel } from "./ControlChannel.js";
import { type PeerScope, scopeRefusal } from "./channelScope.js";
import { PtyChannel } from "./PtyChannel.js";
import { RejectedChannel } from "./RejectedChannel.js";
import type { StreamHandler } from "./StreamHandler.js";

export interface StreamDependencies {
  readonly identity: AgentIdentity;
  readonly ptys: PtySessionManager;
  readonly logger: Logger;
  /** Apps an `http` or `ws` channel may name instead of a port; none when absent. */
  readonly apps?: AppLaunchers;
}

/**
 * Picks the handler for a channel the browser opened, by the channel's protocol string; a
 * channel outside the peer's scope gets FORBIDDEN instead.
 */
export function openStream(
  channel: DataChannel,
  deps: StreamDependencies,
  onClosed: () => void,
  scope: PeerScope = null,
): StreamHandler {
  const protocol = channel.getProtocol();
  const logger = deps.logger.child({ stream: protocol, channelId: channel.getId() });
  const refusal = scopeRefusal(scope, protocol, channel.getLabel());
  if (refusal) {
    logger.info({ failure: refusal, label: channel.getLabel().slice(0, 200) }, "channel outside the peer's grant");
    return new RejectedChannel(channel, refusal, logger, onClosed);
  }
  switch (protocol) {
    case StreamKind.control:
      return new ControlChannel(channel, deps.identity, logger, onClosed);
    case StreamKind.pty:
      return new PtyChannel(channel, deps.ptys, logger, onClosed);
    case StreamKind.http:
      return new HttpChannel(channel, deps.apps ?? {}, logger, onClosed);
    case StreamKind.ws:
      return new WsChannel(channel, deps.apps ?? {}, logger, onClosed);
    default:
      logger.info("refusing a channel of unknown kind");
      return new RejectedChannel(
        channel,
        { code: "INVALID_REQUEST", message: `unknown stream kind "${protocol.slice(0, 64)}"` },
        logger,
        onClosed,
      );
  }
}
