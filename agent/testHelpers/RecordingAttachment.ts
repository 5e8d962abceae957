import type { Attachment, PtyExitStatus } from "../pty/Attachment.js";
import { Changes, waitUntil } from "./waitUntil.js";

/** An attachment that records what a terminal sent it, for tests. */
export class RecordingAttachment implements Attachment {
  private readonly chunks: Buffer[] = [];
  private readonly changes = new Changes();
  exit: PtyExitStatus | null = null;
  congested = false;

  output(bytes: Uint8Array): void {
    this.chunks.push(Buffer.from(bytes));
    this.changes.notify();
  }

  isCongested(): boolean {
    return this.congested;
  }

  ended(status: PtyExitStatus): void {
    this.exit = status;
    this.changes.notify();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }

  waitForText(pattern: RegExp): Promise<RegExpMatchArray> {
    return waitUntil(this.changes.subscribe, () => this.text().match(pattern) ?? undefined, `output ${pattern}`);
  }

  /** Resolves once at least `length` characters of output arrived. */
  waitForLength(length: number): Promise<number> {
    return waitUntil(
      this.changes.subscribe,
      () => (this.text().length >= length ? this.text().length : undefined),
      `${length} characters of output`,
    );
  }

  waitForExit(): Promise<PtyExitStatus> {
    return waitUntil(this.changes.subscribe, () => this.exit ?? undefined, "shell exit");
  }
}
