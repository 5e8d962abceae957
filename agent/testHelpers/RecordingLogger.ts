import { Writable } from "node:stream";
import { type Logger, pino } from "pino";
import { Changes, waitUntil } from "./waitUntil.js";

/** A real pino logger whose lines the test can read, e.g. to await an event or check for secrets. */
export class RecordingLogger {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];
  readonly logger: Logger;
  private readonly changes = new Changes();

  constructor(level = "debug") {
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        const line = chunk.toString();
        this.raw.push(line);
        this.lines.push(JSON.parse(line));
        this.changes.notify();
        done();
      },
    });
    this.logger = pino({ level }, sink);
  }

  count(msg: string): number {
    return this.lines.filter((line) => line.msg === msg).length;
  }

  waitForCount(msg: string, count: number): Promise<number> {
    return waitUntil(
      this.changes.subscribe,
      () => (this.count(msg) >= count ? count : undefined),
      `${count} × "${msg}"`,
    );
  }
}
