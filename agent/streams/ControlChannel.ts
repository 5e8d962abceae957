import type { DataChannel } from "node-datachannel";
import type { Logger } from "pino";
import { MAX_CHANNEL_MESSAGE_BYTES } from "../../protocol/limits.js";
import { ControlToAgent, type ControlToBrowser } from "../../protocol/streams.js";
import { PROTOCOL_VERSION } from "../../protocol/version.js";
import { guarded } from "../guarded.js";
import { parseMessage } from "../parseMessage.js";
import type { AgentIdentity } from "./agentIdentity.js";
import { closeChannel, sendStreamError, sendText, whenOpen } from "./channelIo.js";
import type { StreamHandler } from "./StreamHandler.js";

/** The `gangway.control.v1` channel: says who the agent is and answers pings for RTT. */
export class ControlChannel implements StreamHandler {
  constructor(
    private readonly channel: DataChannel,
    private readonly identity: AgentIdentity,
    private readonly logger: Logger,
    onClosed: () => void,
  ) {
    channel.onMessage(guarded(logger, "control message", (message) => this.handleMessage(message)));
    channel.onClosed(guarded(logger, "control close", onClosed));
    whenOpen(channel, () => this.sendHello());
  }

  close(): void {
    closeChannel(this.channel);
  }

  private sendHello(): void {
    this.send({ type: "hello", protocolVersion: PROTOCOL_VERSION, ...this.identity });
  }

  private handleMessage(message: string | Buffer | ArrayBuffer): void {
    if (typeof message !== "string") {
      sendStreamError(this.channel, { code: "INVALID_REQUEST", message: "the control channel carries only text" });
      return;
    }
    const parsed = parseMessage(message, ControlToAgent, MAX_CHANNEL_MESSAGE_BYTES);
    if (!parsed.ok) {
      this.logger.debug({ failure: parsed.failure }, "invalid control message");
      sendStreamError(this.channel, parsed.failure);
      return;
    }
    const ping = parsed.value;
    this.send({ type: "pong", id: ping.id, sentAt: ping.sentAt });
  }

  private send(message: ControlToBrowser): void {
    sendText(this.channel, message);
  }
}
