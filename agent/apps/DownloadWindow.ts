import { APP_DOWNLOAD_WINDOW_BYTES } from "../../protocol/limits.js";

/**
 * The agent's side of download flow control on an `http` channel: the browser acks response
 * body bytes as its page consumes them, and the agent stops reading the app while more than
 * `APP_DOWNLOAD_WINDOW_BYTES` are unacknowledged, so a slow reader bounds the tab's memory.
 */
export class DownloadWindow {
  private sent = 0;
  private acked = 0;

  /** Counts response body bytes handed to the channel. */
  send(bytes: number): void {
    this.sent += bytes;
  }

  /** True while the agent must not read more of the app's response. */
  get full(): boolean {
    return this.sent - this.acked > APP_DOWNLOAD_WINDOW_BYTES;
  }

  /** Takes the browser's total of consumed bytes; false when it acks more than was sent. */
  ack(bytes: number): boolean {
    if (bytes > this.sent) return false;
    // Totals only grow; an older one overtaken by a newer one changes nothing.
    this.acked = Math.max(this.acked, bytes);
    return true;
  }
}
