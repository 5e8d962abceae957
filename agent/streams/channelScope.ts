import { MAX_CHANNEL_MESSAGE_BYTES } from "../../protocol/limits.js";
import { AppTarget, StreamKind, WsLabel } from "../../protocol/streams.js";
import { parseMessage } from "../parseMessage.js";
import type { Failure, Result } from "../result.js";

/**
 * What a peer may open: `null` for a dashboard peer (every kind), or the one app a peer from
 * an app origin was granted (its control channel, and `http` and `ws` channels to that app).
 */
export type PeerScope = AppTarget | null;

/**
 * Why a peer with `scope` may not open a channel of this protocol and label, or null when
 * it may. A label that does not parse is left to the channel, which refuses it anyway.
 */
export function scopeRefusal(scope: PeerScope, protocol: string, label: string): Failure | null {
  if (!scope) return null;
  switch (protocol) {
    case StreamKind.control:
      return null;
    case StreamKind.http:
      return targetRefusal(scope, parseMessage(label, AppTarget, MAX_CHANNEL_MESSAGE_BYTES));
    case StreamKind.ws:
      return targetRefusal(scope, parseMessage(label, WsLabel, MAX_CHANNEL_MESSAGE_BYTES));
    default:
      return { code: "FORBIDDEN", message: "an app's connection may open channels to that app only" };
  }
}

function targetRefusal(scope: AppTarget, label: Result<AppTarget>): Failure | null {
  if (!label.ok || sameTarget(scope, label.value)) return null;
  return { code: "FORBIDDEN", message: "this connection was granted another app" };
}

function sameTarget(scope: AppTarget, target: AppTarget): boolean {
  return "port" in scope ? "port" in target && target.port === scope.port : "app" in target && target.app === scope.app;
}
