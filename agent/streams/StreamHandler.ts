/** Owns one data channel of a peer connection and whatever it opened (e.g. a pty attachment). */
export interface StreamHandler {
  /** Releases what the stream opened and closes its channel; safe to call twice. */
  close(): void;
}
