/**
 * A fixed-capacity byte buffer that keeps the newest bytes written to it: the replay a
 * terminal sends to a new attachment so the screen is rebuilt after a reload.
 */
export class RingBuffer {
  private readonly bytes: Uint8Array;
  /** Index of the oldest byte kept. */
  private start = 0;
  private length = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError("capacity must be a positive integer");
    this.bytes = new Uint8Array(capacity);
  }

  /** Bytes currently kept (at most `capacity`). */
  get size(): number {
    return this.length;
  }

  write(input: Uint8Array): void {
    if (input.byteLength >= this.capacity) {
      this.bytes.set(input.subarray(input.byteLength - this.capacity));
      this.start = 0;
      this.length = this.capacity;
      return;
    }
    const end = (this.start + this.length) % this.capacity;
    const head = Math.min(input.byteLength, this.capacity - end);
    this.bytes.set(input.subarray(0, head), end);
    this.bytes.set(input.subarray(head), 0);
    const overflow = this.length + input.byteLength - this.capacity;
    if (overflow > 0) {
      this.start = (this.start + overflow) % this.capacity;
      this.length = this.capacity;
    } else {
      this.length += input.byteLength;
    }
  }

  /** A copy of the kept bytes, oldest first. */
  snapshot(): Uint8Array {
    const copy = new Uint8Array(this.length);
    const head = Math.min(this.length, this.capacity - this.start);
    copy.set(this.bytes.subarray(this.start, this.start + head));
    copy.set(this.bytes.subarray(0, this.length - head), head);
    return copy;
  }
}
