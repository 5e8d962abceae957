import { type Agent, type ClientRequest, type IncomingMessage, request } from "node:http";
import type { Logger } from "pino";
import { MAX_HTTP_HEAD_BYTES } from "../../protocol/limits.js";
import type { HttpRequestHead, HttpToBrowser } from "../../protocol/streams.js";
import type { Failure, Result } from "../result.js";
import { APP_UNAVAILABLE, upstreamFailure } from "./appFailures.js";
import { browserResponseHeaders, flatHeaders, upstreamRequestHeaders } from "./appHeaders.js";
import type { ChannelSender } from "./ChannelSender.js";
import type { DownloadWindow } from "./DownloadWindow.js";
import type { UploadWindow } from "./UploadWindow.js";

/**
 * One request on an `http` channel, performed against 127.0.0.1: the browser's body is
 * written to the app as it arrives (acked once written), and the app's response goes back
 * through the channel's sender, whose congestion pauses reading the app. It ends, for the
 * agent, with `end` or one `StreamError`; redirects are passed through, never followed.
 * Reading the response also waits for the browser's acks (`DownloadWindow`).
 */
export class HttpExchange {
  private upstream: ClientRequest | null = null;
  private response: IncomingMessage | null = null;
  /** Upload that arrived while the app's port was being resolved (at most one window). */
  private pending: Buffer[] = [];
  private uploadEnded = false;
  private finished = false;
  private port = 0;

  constructor(
    private readonly head: HttpRequestHead,
    private readonly sender: ChannelSender,
    private readonly window: UploadWindow,
    private readonly download: DownloadWindow,
    private readonly connections: Agent,
    private readonly logger: Logger,
    private readonly onFinished: () => void,
  ) {}

  /** Sends the request once the target's port is known (an app may have to start first). */
  start(port: Promise<Result<number>>): void {
    port.then(
      (resolved) => (resolved.ok ? this.connect(resolved.value) : this.fail(resolved.failure)),
      (error: unknown) => {
        this.logger.error({ err: error }, "resolving an app's port failed");
        this.fail({ code: "INTERNAL", message: "the agent failed to find the app" });
      },
    );
  }

  /** A chunk of the request body from the browser. */
  upload(bytes: Buffer): void {
    if (this.finished) return;
    if (this.upstream) this.write(bytes);
    else this.pending.push(bytes);
  }

  /** The browser's `end`: the request body is complete. */
  endUpload(): void {
    this.uploadEnded = true;
    if (!this.finished) this.upstream?.end();
  }

  /** The channel drained, or the browser acked response bytes: read the app's response again if both allow. */
  mayRead(): void {
    if (!this.finished && !this.mustWait()) this.response?.resume();
  }

  /** The channel is gone: drop the app's connection mid-flight. */
  abandon(): void {
    this.finished = true;
    this.pending = [];
    this.upstream?.destroy();
    this.response?.destroy();
  }

  private connect(port: number): void {
    if (this.finished) return;
    this.port = port;
    let upstream: ClientRequest;
    try {
      upstream = request({
        host: "127.0.0.1",
        port,
        method: this.head.method,
        path: this.head.path,
        headers: flatHeaders(upstreamRequestHeaders(this.head.headers, port)),
        agent: this.connections,
        maxHeaderSize: MAX_HTTP_HEAD_BYTES,
      });
    } catch (error) {
      // The schema admits only what Node accepts; this is a last line, not a path.
      this.fail({ code: "INVALID_REQUEST", message: `the request was refused: ${(error as Error).message}` });
      return;
    }
    this.upstream = upstream;
    upstream.on("response", (response) => this.respond(response));
    upstream.on("error", (error) => this.fail(upstreamFailure(error, port)));
    for (const bytes of this.pending.splice(0)) this.write(bytes);
    if (this.uploadEnded) upstream.end();
  }

  private write(bytes: Buffer): void {
    this.upstream?.write(bytes, (error) => {
      if (!error) this.window.wrote(bytes.byteLength);
    });
  }

  private respond(response: IncomingMessage): void {
    if (this.finished) {
      response.destroy();
      return;
    }
    this.response = response;
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 599) {
      this.fail({ code: APP_UNAVAILABLE, message: `the app answered with status ${status}` });
      return;
    }
    this.send({
      type: "response",
      status,
      statusText: response.statusMessage ?? "",
      headers: browserResponseHeaders(response.rawHeaders),
    });
    response.on("data", (chunk: Buffer) => {
      this.sender.bytes(chunk);
      this.download.send(chunk.byteLength);
      if (this.mustWait()) response.pause();
    });
    response.on("end", () => this.finish({ type: "end" }));
    response.on("error", (error) => this.fail(upstreamFailure(error, this.port)));
  }

  /** The channel is congested, or the browser has not consumed enough of what it got. */
  private mustWait(): boolean {
    return this.sender.congested || this.download.full;
  }

  private fail(failure: Failure): void {
    if (!this.finished) this.logger.debug({ failure, path: this.head.path.slice(0, 200) }, "app request failed");
    this.finish({ type: "error", ...failure });
  }

  private finish(message: HttpToBrowser): void {
    if (this.finished) return;
    this.finished = true;
    this.send(message);
    // The app answered before the browser finished uploading: the rest is not wanted, and a
    // half-sent body must not poison the kept-alive connection for the next request.
    if (!this.uploadEnded) this.upstream?.destroy();
    this.pending = [];
    this.onFinished();
  }

  private send(message: HttpToBrowser): void {
    this.sender.text(message);
  }
}
