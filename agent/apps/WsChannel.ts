import type { DataChannel } from "node-datachannel";
import type { Logger } from "pino";
import { WebSocket } from "ws";
import { MAX_CHANNEL_MESSAGE_BYTES } from "../../protocol/limits.js";
import {
  WS_FRAGMENT_CONTINUES,
  WS_FRAGMENT_TEXT,
  WsLabel,
  WsToAgent,
  type WsToBrowser,
} from "../../protocol/streams.js";
import { guarded } from "../guarded.js";
import { parseMessage } from "../parseMessage.js";
import type { Failure } from "../result.js";
import { closeChannel, messageBytes, whenOpen } from "../streams/channelIo.js";
import type { StreamHandler } from "../streams/StreamHandler.js";
import { type AppLaunchers, resolveTargetPort } from "./AppLauncher.js";
import { APP_UNAVAILABLE, upstreamFailure } from "./appFailures.js";
import { checkHeadSize, headerObject, upstreamRequestHeaders } from "./appHeaders.js";
import { ChannelSender } from "./ChannelSender.js";
import { UploadWindow } from "./UploadWindow.js";

/** The app has this long to complete the handshake; it already answers HTTP by then. */
const WS_HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * Largest message the agent takes from the app. The `ws` client holds a whole message before
 * handing it over (the browser's WebSocket API does too), so this bounds that; VS Code
 * streams big files in chunks well below it. Beyond it the app sees close code 1009.
 */
const MAX_WS_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Close code a browser sends when its page goes away: what the app sees if the channel just closes. */
const GOING_AWAY = 1001;
/** Close code for a connection that ended without a closing handshake. */
const ABNORMAL_CLOSURE = 1006;

/**
 * A `gangway.ws.v1` channel: one WebSocket to ws://127.0.0.1:<port><path>. Frames cross as
 * binary messages led by a flag byte (text or binary, more fragments or last); text messages
 * are control (`open`, `ack`, `close`, errors). Reading the app pauses while the channel is
 * congested; the browser's frames are bounded by the upload window.
 */
export class WsChannel implements StreamHandler {
  private readonly label: string;
  private readonly sender: ChannelSender;
  private readonly window: UploadWindow;
  private socket: WebSocket | null = null;
  /** The app accepted the WebSocket: frames may flow. */
  private opened = false;
  /** The browser asked to close; its later frames are dropped. */
  private closing = false;
  /** The last message (`close` or an error) went to the browser. */
  private ended = false;
  private closed = false;

  constructor(
    private readonly channel: DataChannel,
    private readonly apps: AppLaunchers,
    private readonly logger: Logger,
    private readonly onClosed: () => void,
  ) {
    this.label = channel.getLabel();
    this.sender = new ChannelSender(channel, logger, () => this.resumeApp());
    this.window = new UploadWindow((bytes) => this.sender.urgent({ type: "ack", bytes }));
    channel.onMessage(guarded(logger, "ws message", (message) => this.handleMessage(message)));
    channel.onClosed(guarded(logger, "ws close", () => this.handleClosed()));
    whenOpen(
      channel,
      guarded(logger, "ws open", () => this.open()),
    );
  }

  close(): void {
    this.ended = true;
    this.socket?.terminate();
    this.sender.discard();
    closeChannel(this.channel);
  }

  private open(): void {
    const label = parseMessage(this.label, WsLabel, MAX_CHANNEL_MESSAGE_BYTES);
    const size = label.ok ? checkHeadSize(label.value.path, label.value.headers) : label;
    if (!label.ok || !size.ok) {
      this.fail(label.ok ? (size as { failure: Failure }).failure : label.failure);
      return;
    }
    resolveTargetPort(label.value, this.apps).then(
      (port) => (port.ok ? this.connect(label.value, port.value) : this.fail(port.failure)),
      (error: unknown) => {
        this.logger.error({ err: error }, "resolving an app's port failed");
        this.fail({ code: "INTERNAL", message: "the agent failed to find the app" });
      },
    );
  }

  private connect(label: WsLabel, port: number): void {
    if (this.ended) return;
    // `ws` writes Host (from the URL) and the handshake's own headers itself.
    const headers = upstreamRequestHeaders(label.headers, port).filter(([name]) => name.toLowerCase() !== "host");
    let socket: WebSocket;
    try {
      socket = new WebSocket(`ws://127.0.0.1:${port}${label.path}`, label.protocols, {
        headers: headerObject(headers),
        perMessageDeflate: false,
        handshakeTimeout: WS_HANDSHAKE_TIMEOUT_MS,
        maxPayload: MAX_WS_MESSAGE_BYTES,
      });
    } catch (error) {
      this.fail({ code: "INVALID_REQUEST", message: `the WebSocket was refused: ${(error as Error).message}` });
      return;
    }
    this.socket = socket;
    socket.on("open", () => {
      this.opened = true;
      this.send({ type: "open", protocol: socket.protocol, extensions: socket.extensions });
    });
    socket.on("message", (data: Buffer, isBinary: boolean) => this.relayToBrowser(data, isBinary));
    socket.on("unexpected-response", (request, response) => {
      response.resume();
      this.fail({ code: APP_UNAVAILABLE, message: `the app answered ${response.statusCode} instead of a WebSocket` });
      request.destroy();
    });
    socket.on("error", (error: Error & { code?: string }) => {
      if (!this.opened) this.fail(upstreamFailure(error, port));
      else this.logger.debug({ err: error }, "app WebSocket failed");
    });
    socket.on("close", (code, reason) => this.end({ type: "close", code, reason: reason.toString() }));
  }

  private relayToBrowser(data: Buffer, isBinary: boolean): void {
    const kind = isBinary ? 0 : WS_FRAGMENT_TEXT;
    this.sender.bytes(data, (isLast) => kind | (isLast ? 0 : WS_FRAGMENT_CONTINUES));
    if (this.sender.congested && this.socket?.readyState === WebSocket.OPEN) this.socket.pause();
  }

  /** The channel drained: read the app again (a socket that is closing has nothing left to resume). */
  private resumeApp(): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.resume();
  }

  private handleMessage(message: string | Buffer | ArrayBuffer): void {
    if (this.ended) return;
    if (typeof message === "string") this.handleControl(message);
    else this.relayToApp(Buffer.from(messageBytes(message)));
  }

  private handleControl(text: string): void {
    const parsed = parseMessage(text, WsToAgent, MAX_CHANNEL_MESSAGE_BYTES);
    if (!parsed.ok) {
      this.fail(parsed.failure);
      return;
    }
    this.closing = true;
    const { code, reason } = parsed.value;
    if (this.opened) this.socket?.close(code, reason);
    else this.end({ type: "close", code: ABNORMAL_CLOSURE, reason: "" });
  }

  private relayToApp(message: Buffer): void {
    if (this.closing) return;
    if (!this.opened || message.byteLength === 0) {
      this.fail({ code: "INVALID_REQUEST", message: "a frame before the WebSocket opened, or without its flag byte" });
      return;
    }
    if (!this.window.receive(message.byteLength)) {
      this.fail({ code: "MESSAGE_TOO_LARGE", message: "the upload overran its window" });
      return;
    }
    const flags = message[0] as number;
    const options = { binary: (flags & WS_FRAGMENT_TEXT) === 0, fin: (flags & WS_FRAGMENT_CONTINUES) === 0 };
    this.socket?.send(message.subarray(1), options, (error) => {
      if (!error) this.window.wrote(message.byteLength);
    });
  }

  private fail(failure: Failure): void {
    this.logger.debug({ failure, label: this.label.slice(0, 200) }, "ws channel failed");
    this.end({ type: "error", ...failure });
  }

  /** Sends the channel's last message, then closes the channel once it went out. */
  private end(message: WsToBrowser): void {
    if (this.ended) return;
    this.ended = true;
    this.send(message);
    this.sender.closeAfterFlush();
    // A no-op once the app closed; otherwise the app's side is cut (error, or closed while connecting).
    this.socket?.terminate();
  }

  private handleClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.sender.discard();
    if (!this.ended) {
      this.ended = true;
      if (this.opened) this.socket?.close(GOING_AWAY);
      else this.socket?.terminate();
    }
    this.onClosed();
  }

  private send(message: WsToBrowser): void {
    this.sender.text(message);
  }
}
