import { StreamKind } from "../../../protocol/streams.js";
import { type AppRequest, type ExchangeOutcome, HttpExchange } from "./HttpExchange";

/**
 * Channels per app and peer connection: as wide as a browser's connections per host and a
 * little more, since a code-server window loads a few hundred files at start; far below
 * Chrome's 1,024 channels per connection.
 */
export const HTTP_POOL_SIZE = 12;

/**
 * A pool of `gangway.http.v1` channels to one app on one peer connection (ADR 6): a request
 * takes an idle channel, or a new one while fewer than `size` exist, or waits for one; a
 * channel goes back to the pool when its exchange completed cleanly, and is closed otherwise.
 */
export class HttpChannelPool {
  private readonly idle: PooledChannel[] = [];
  private readonly waiting: ((channel: PooledChannel | null) => void)[] = [];
  private readonly channels = new Set<PooledChannel>();
  private disposed = false;

  constructor(
    private readonly peer: Pick<RTCPeerConnection, "createDataChannel">,
    /** The channel label: the app target as JSON. */
    private readonly label: string,
    private readonly size = HTTP_POOL_SIZE,
  ) {}

  /** Runs `request` on a free channel at once, or on the next one that becomes free. */
  request(request: AppRequest): Promise<ExchangeOutcome> {
    const replaced: ExchangeOutcome = {
      kind: "failed",
      code: null,
      message: "The connection to the workspace was replaced.",
    };
    if (this.disposed) return Promise.resolve(replaced);
    const channel = this.idle.pop() ?? (this.channels.size < this.size ? this.create() : null);
    if (channel) return channel.run(request);
    return new Promise((resolve) => this.waiting.push((next) => resolve(next ? next.run(request) : replaced)));
  }

  /** How many channels are open or opening. */
  get channelCount(): number {
    return this.channels.size;
  }

  private create(): PooledChannel {
    const channel = this.peer.createDataChannel(this.label, { protocol: StreamKind.http, ordered: true });
    const pooled = new PooledChannel(channel, (reusable) => this.release(pooled, reusable));
    this.channels.add(pooled);
    return pooled;
  }

  private release(channel: PooledChannel, reusable: boolean): void {
    if (!reusable || this.disposed) {
      this.channels.delete(channel);
      const idleAt = this.idle.indexOf(channel);
      if (idleAt >= 0) this.idle.splice(idleAt, 1);
      channel.close();
      // A waiting request may open a channel in place of this one.
      const next = this.waiting.shift();
      if (next) next(this.disposed ? null : this.create());
      return;
    }
    const next = this.waiting.shift();
    if (next) next(channel);
    else this.idle.push(channel);
  }

  /** Closes every channel; requests in flight fail, waiting ones get no channel. */
  dispose(): void {
    this.disposed = true;
    for (const resolve of this.waiting.splice(0)) resolve(null);
    this.idle.length = 0;
    for (const channel of [...this.channels]) channel.close();
    this.channels.clear();
  }
}

/** One channel of the pool and the exchange on it, if any. */
class PooledChannel {
  private exchange: HttpExchange | null = null;
  private closed = false;

  constructor(
    private readonly channel: RTCDataChannel,
    private readonly onReleased: (reusable: boolean) => void,
  ) {
    channel.binaryType = "arraybuffer";
    channel.onopen = () => this.exchange?.start();
    channel.onmessage = (event: MessageEvent) => {
      if (this.exchange) this.exchange.onMessage(event.data);
      // Nothing may arrive between exchanges: the channel's framing is lost.
      else this.lost();
    };
    channel.onclose = () => this.lost();
  }

  run(request: AppRequest): Promise<ExchangeOutcome> {
    const exchange = new HttpExchange(this.channel, request, (reusable) => {
      this.exchange = null;
      this.onReleased(reusable && !this.closed && this.channel.readyState === "open");
    });
    this.exchange = exchange;
    if (this.channel.readyState === "open") exchange.start();
    else if (this.channel.readyState !== "connecting") exchange.onChannelClosed();
    return exchange.outcome;
  }

  private lost(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.exchange) this.exchange.onChannelClosed();
    else this.onReleased(false);
  }

  close(): void {
    this.closed = true;
    this.channel.close();
    this.exchange?.onChannelClosed();
  }
}
