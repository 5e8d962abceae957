import type { DataChannel } from "node-datachannel";
import type { Logger } from "pino";
import { guarded } from "../guarded.js";
import type { Failure } from "../result.js";
import { closeChannel, sendStreamError, whenOpen } from "./channelIo.js";
import type { StreamHandler } from "./StreamHandler.js";

/** A channel the agent refuses: it gets one StreamError, then it is closed. */
export class RejectedChannel implements StreamHandler {
  constructor(
    private readonly channel: DataChannel,
    failure: Failure,
    logger: Logger,
    onClosed: () => void,
  ) {
    channel.onClosed(guarded(logger, "rejected channel close", onClosed));
    whenOpen(channel, () => {
      sendStreamError(channel, failure);
      closeChannel(channel);
    });
  }

  close(): void {
    closeChannel(this.channel);
  }
}
