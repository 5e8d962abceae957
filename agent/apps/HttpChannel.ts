import { Agent } from "node:http";
import type { DataChannel } from "node-datachannel";
import type { Logger } from "pino";
import { MAX_CHANNEL_MESSAGE_BYTES } from "../../protocol/limits.js";
import { AppTarget, type HttpRequestHead, HttpToAgent } from "../../protocol/streams.js";
import { guarded } from "../guarded.js";
import { parseMessage } from "../parseMessage.js";
import type { Failure } from "../result.js";
import { closeChannel, messageBytes, whenOpen } from "../streams/channelIo.js";
import type { StreamHandler } from "../streams/StreamHandler.js";
import { type AppLaunchers, resolveTargetPort } from "./AppLauncher.js";
import { checkHeadSize } from "./appHeaders.js";
import { ChannelSender } from "./ChannelSender.js";
import { DownloadWindow } from "./DownloadWindow.js";
import { HttpExchange } from "./HttpExchange.js";
import { UploadWindow } from "./UploadWindow.js";

/**
 * A kept-alive connection to the app is closed after this long unused. Node servers close
 * theirs after 5 s (`keepAliveTimeout`); closing first avoids sending a request into a
 * connection the app is closing at that moment.
 */
const IDLE_CONNECTION_TIMEOUT_MS = 4_000;

/** The request in flight on a channel; over once both sides have ended their half. */
interface Turn {
  /** Null when the agent refused the head: the browser's body is then discarded. */
  exchange: HttpExchange | null;
  readonly window: UploadWindow;
  agentDone: boolean;
  browserDone: boolean;
}

/**
 * A `gangway.http.v1` channel: HTTP requests to one loopback port, one at a time, the
 * channel reused for the next. The browser keeps a pool of these per app, so a page with
 * hundreds of requests needs a handful of channels. It owns one kept-alive connection to
 * the app, so a reused channel reuses the connection too.
 */
export class HttpChannel implements StreamHandler {
  private readonly label: string;
  private readonly sender: ChannelSender;
  private readonly connections = new Agent({ keepAlive: true, maxSockets: 1, timeout: IDLE_CONNECTION_TIMEOUT_MS });
  private target: AppTarget | null = null;
  private turn: Turn | null = null;
  /**
   * The latest request's response window. It outlives the turn: acks the browser sent
   * before it saw the response's `end` still arrive, until its next `request`.
   */
  private download: DownloadWindow | null = null;
  private closed = false;

  constructor(
    private readonly channel: DataChannel,
    private readonly apps: AppLaunchers,
    private readonly logger: Logger,
    private readonly onClosed: () => void,
  ) {
    this.label = channel.getLabel();
    this.sender = new ChannelSender(channel, logger, () => this.turn?.exchange?.mayRead());
    channel.onMessage(guarded(logger, "http message", (message) => this.handleMessage(message)));
    channel.onClosed(guarded(logger, "http close", () => this.handleClosed()));
    whenOpen(
      channel,
      guarded(logger, "http open", () => this.readLabel()),
    );
  }

  close(): void {
    this.release();
    closeChannel(this.channel);
  }

  private readLabel(): void {
    const label = parseMessage(this.label, AppTarget, MAX_CHANNEL_MESSAGE_BYTES);
    if (label.ok) this.target = label.value;
    else this.breakProtocol(label.failure);
  }

  private handleMessage(message: string | Buffer | ArrayBuffer): void {
    if (!this.target || this.closed) return;
    if (typeof message === "string") this.handleText(this.target, message);
    else this.handleBody(Buffer.from(messageBytes(message)));
  }

  private handleText(target: AppTarget, text: string): void {
    const parsed = parseMessage(text, HttpToAgent, MAX_CHANNEL_MESSAGE_BYTES);
    if (parsed.ok && parsed.value.type === "ack") {
      this.handleAck(parsed.value.bytes);
      return;
    }
    const turn = this.turn;
    if (!turn) {
      if (parsed.ok && parsed.value.type === "end") this.breakProtocol(outOfTurn("an end with no request"));
      else if (parsed.ok && parsed.value.type === "request") this.startRequest(target, parsed.value);
      // A head that does not parse is still a request: refuse it, then await its end.
      else if (!parsed.ok) this.refuseRequest(parsed.failure);
      return;
    }
    if (!parsed.ok || parsed.value.type !== "end" || turn.browserDone) {
      this.breakProtocol(outOfTurn("a message before the previous request ended"));
      return;
    }
    turn.browserDone = true;
    turn.exchange?.endUpload();
    this.endTurnIfDone();
  }

  private handleAck(bytes: number): void {
    if (!this.download) this.breakProtocol(outOfTurn("an ack before any request"));
    else if (!this.download.ack(bytes)) this.breakProtocol(outOfTurn("an ack beyond the response bytes sent"));
    else this.turn?.exchange?.mayRead();
  }

  private handleBody(bytes: Buffer): void {
    const turn = this.turn;
    if (!turn || turn.browserDone) {
      this.breakProtocol(outOfTurn("body bytes outside a request"));
      return;
    }
    if (turn.agentDone) return;
    if (!turn.window.receive(bytes.byteLength)) {
      this.breakProtocol({ code: "MESSAGE_TOO_LARGE", message: "the upload overran its window" });
      return;
    }
    turn.exchange?.upload(bytes);
  }

  private startRequest(target: AppTarget, head: HttpRequestHead): void {
    const size = checkHeadSize(head.path, head.headers);
    if (!size.ok) {
      this.refuseRequest(size.failure);
      return;
    }
    const window = new UploadWindow((bytes) => this.sender.urgent({ type: "ack", bytes }));
    const download = new DownloadWindow();
    this.download = download;
    const turn: Turn = { exchange: null, window, agentDone: false, browserDone: false };
    turn.exchange = new HttpExchange(head, this.sender, window, download, this.connections, this.logger, () => {
      turn.agentDone = true;
      this.endTurnIfDone();
    });
    this.turn = turn;
    turn.exchange.start(resolveTargetPort(target, this.apps));
  }

  private refuseRequest(failure: Failure): void {
    this.logger.debug({ failure }, "http request refused");
    this.turn = { exchange: null, window: new UploadWindow(() => {}), agentDone: true, browserDone: false };
    this.download = new DownloadWindow();
    this.sender.text({ type: "error", ...failure });
  }

  private endTurnIfDone(): void {
    if (this.turn?.agentDone && this.turn.browserDone) this.turn = null;
  }

  /** The browser broke the framing: nothing on this channel can be trusted any more. */
  private breakProtocol(failure: Failure): void {
    this.logger.info({ failure, label: this.label.slice(0, 200) }, "http channel closed");
    this.target = null;
    this.release();
    this.sender.urgent({ type: "error", ...failure });
    closeChannel(this.channel);
  }

  private release(): void {
    this.turn?.exchange?.abandon();
    this.turn = null;
    this.sender.discard();
    this.connections.destroy();
  }

  private handleClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
    this.onClosed();
  }
}

function outOfTurn(what: string): Failure {
  return { code: "INVALID_REQUEST", message: `${what}: the request framing is broken` };
}
