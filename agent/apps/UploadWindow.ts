import { APP_UPLOAD_WINDOW_BYTES } from "../../protocol/limits.js";
import { ACK_EVERY_BYTES } from "./appFlowControl.js";

/**
 * The agent's side of upload flow control on an app channel. A data channel cannot be told
 * to stop delivering, so the browser sends at most `APP_UPLOAD_WINDOW_BYTES` beyond the last
 * ack, and acks go out only for bytes the app has taken: a slow app slows the browser, and
 * the agent never holds more than the window.
 */
export class UploadWindow {
  private received = 0;
  private written = 0;
  private acked = 0;

  constructor(private readonly sendAck: (bytes: number) => void) {}

  /** Counts bytes that arrived; false when the browser overran its window. */
  receive(bytes: number): boolean {
    this.received += bytes;
    return this.received - this.acked <= APP_UPLOAD_WINDOW_BYTES;
  }

  /** Counts bytes the app took; acks once enough of them piled up since the last ack. */
  wrote(bytes: number): void {
    this.written += bytes;
    if (this.written - this.acked < ACK_EVERY_BYTES) return;
    this.acked = this.written;
    this.sendAck(this.written);
  }
}
