import type { DataChannel } from "node-datachannel";
import { Changes, waitUntil } from "./waitUntil.js";

/** The browser's end of one data channel in tests: records what the agent sent. */
export class TestChannel {
  readonly messages: unknown[] = [];
  private readonly changes = new Changes();
  private readonly decoder = new TextDecoder();
  private output = "";
  private outputBytes = 0;
  closed = false;

  private opened = false;
  private failure: string | null = null;

  constructor(readonly channel: DataChannel) {
    // node-datachannel delivers each kind of event through its own queue, and when several
    // are pending the oldest-registered runs first; a close that overtakes the open would
    // cancel it. Registering open first keeps the browser's order: open, messages, close.
    channel.onOpen(() => {
      this.opened = true;
      this.changes.notify();
    });
    channel.onError((error) => {
      this.failure = error;
      this.changes.notify();
    });
    channel.onMessage((message) => {
      if (typeof message === "string") this.messages.push(parseOrKeep(message));
      else {
        const bytes = message instanceof ArrayBuffer ? new Uint8Array(message) : message;
        this.outputBytes += bytes.byteLength;
        this.output += this.decoder.decode(bytes, { stream: true });
      }
      this.changes.notify();
    });
    channel.onClosed(() => {
      this.closed = true;
      this.changes.notify();
    });
  }

  /** Resolves once the channel opened; rejects if it failed or closed first. */
  async whenOpen(): Promise<this> {
    await waitUntil(
      this.changes.subscribe,
      () => {
        if (this.failure) throw new Error(`channel failed: ${this.failure}`);
        if (this.opened) return true;
        if (this.closed) throw new Error("channel closed before it opened");
        return this.channel.isOpen() ? true : undefined;
      },
      "channel open",
    );
    return this;
  }

  get text(): string {
    return this.output;
  }

  get byteCount(): number {
    return this.outputBytes;
  }

  sendJson(message: unknown): void {
    this.channel.sendMessage(JSON.stringify(message));
  }

  sendRaw(text: string): void {
    this.channel.sendMessage(text);
  }

  sendBytes(bytes: Uint8Array | string): void {
    this.channel.sendMessageBinary(typeof bytes === "string" ? Buffer.from(bytes) : Buffer.from(bytes));
  }

  /** Resolves with the first text message matching `fields` at or after index `from`. */
  waitForMessage(fields: Record<string, unknown>, from = 0): Promise<Record<string, unknown>> {
    const matches = (message: unknown): message is Record<string, unknown> =>
      typeof message === "object" &&
      message !== null &&
      Object.entries(fields).every(([key, value]) => (message as Record<string, unknown>)[key] === value);
    return waitUntil(
      this.changes.subscribe,
      () => this.messages.slice(from).find(matches),
      `message ${JSON.stringify(fields)}`,
    );
  }

  waitForOutput(pattern: RegExp): Promise<RegExpMatchArray> {
    return waitUntil(this.changes.subscribe, () => this.output.match(pattern) ?? undefined, `output ${pattern}`);
  }

  /** Like waitForOutput for a fixed string, but only scans new output (for megabytes of it). */
  waitForOutputContaining(marker: string): Promise<number> {
    let searchFrom = 0;
    return waitUntil(
      this.changes.subscribe,
      () => {
        const at = this.output.indexOf(marker, searchFrom);
        searchFrom = Math.max(0, this.output.length - marker.length);
        return at >= 0 ? at : undefined;
      },
      `output containing ${JSON.stringify(marker)}`,
    );
  }

  waitForClose(): Promise<true> {
    return waitUntil(this.changes.subscribe, () => (this.closed ? true : undefined), "channel close");
  }

  close(): void {
    if (!this.closed) this.channel.close();
  }
}

/** The agent sends JSON; anything else is kept as is for the assertion to show. */
function parseOrKeep(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
