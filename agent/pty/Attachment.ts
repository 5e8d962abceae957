/** How a terminal's shell ended. `signal` is null when it exited on its own. */
export interface PtyExitStatus {
  readonly exitCode: number | null;
  readonly signal: number | null;
}

/**
 * One consumer of a terminal session's output: a data channel to a browser tab, or a bench
 * relay stream over the gateway socket. A session may have several at once.
 */
export interface Attachment {
  /** Live output, in order, following the replay this attachment got when it attached. */
  output(bytes: Uint8Array): void;
  /**
   * Whether this attachment's transport holds more unsent output than it should. The session
   * pauses the shell while any attachment is congested; the attachment calls
   * `PtySession.refreshFlow()` once it drained.
   */
  isCongested(): boolean;
  /** The shell exited and the attachment is already detached: tell the peer, close the transport. */
  ended(status: PtyExitStatus): void;
}
