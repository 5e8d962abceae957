import type { DataChannel } from "node-datachannel";
import type { BrowserPeer } from "../../testHelpers/BrowserPeer.js";
import { Changes, waitUntil } from "../../testHelpers/waitUntil.js";

/**
 * The browser's end of an app channel in tests. It registers its own callbacks when the
 * channel is created: taking a channel over from another recorder would race messages
 * node-datachannel already queued for the old callback.
 */
export abstract class AppTestChannel {
  /** Every text message the agent sent, parsed. */
  readonly messages: Record<string, unknown>[] = [];
  /** What broke the framing from the browser's point of view; tests expect none. */
  readonly violations: string[] = [];
  closed = false;
  protected readonly changes = new Changes();
  private opened = false;
  private failure: string | null = null;

  protected constructor(readonly channel: DataChannel) {
    // Open first: node-datachannel runs the oldest-registered of several pending events first.
    channel.onOpen(() => {
      this.opened = true;
      this.changes.notify();
    });
    channel.onError((error) => {
      this.failure = error;
      this.changes.notify();
    });
    channel.onMessage((message) => this.receive(message));
    channel.onClosed(() => {
      this.closed = true;
      this.changes.notify();
    });
  }

  /** Creates the channel on the browser's peer (the first one starts the offer). */
  protected static create(browser: BrowserPeer, label: unknown, protocol: string): DataChannel {
    const text = typeof label === "string" ? label : JSON.stringify(label);
    return browser.peer.createDataChannel(text, { protocol });
  }

  /** Resolves once the channel opened, or closed: a refused channel may close right after its error. */
  whenOpen(): Promise<true> {
    return waitUntil(
      this.changes.subscribe,
      () => {
        if (this.failure) throw new Error(`channel failed: ${this.failure}`);
        return this.opened || this.closed || this.channel.isOpen() ? true : undefined;
      },
      "channel open",
    );
  }

  sendJson(message: unknown): void {
    this.sendText(JSON.stringify(message));
  }

  sendText(text: string): void {
    this.channel.sendMessage(text);
  }

  sendBytes(bytes: Uint8Array): void {
    this.channel.sendMessageBinary(Buffer.from(bytes));
  }

  /** Resolves with the first agent message matching `fields`. */
  waitForMessage(fields: Record<string, unknown>): Promise<Record<string, unknown>> {
    const matches = (message: Record<string, unknown>) =>
      Object.entries(fields).every(([key, value]) => message[key] === value);
    return waitUntil(this.changes.subscribe, () => this.messages.find(matches), `message ${JSON.stringify(fields)}`);
  }

  waitForClose(): Promise<true> {
    return waitUntil(this.changes.subscribe, () => (this.closed ? true : undefined), "channel close");
  }

  close(): void {
    if (!this.closed) this.channel.close();
  }

  /** A parsed text message from the agent. */
  protected abstract control(message: Record<string, unknown>): void;

  /** A binary message from the agent. */
  protected abstract binary(bytes: Buffer): void;

  // Runs inside a node-datachannel callback, where a throw would abort the process.
  private receive(message: string | Buffer | ArrayBuffer): void {
    if (typeof message !== "string") this.binary(message instanceof ArrayBuffer ? Buffer.from(message) : message);
    else {
      const parsed = parseJson(message);
      if (!parsed) this.violations.push(`not JSON: ${message.slice(0, 100)}`);
      else {
        this.messages.push(parsed);
        this.control(parsed);
      }
    }
    this.changes.notify();
  }
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}
