/**
 * Size limits shared by every process, so a sender never produces what a receiver refuses.
 */

/** Largest signaling or agent-socket text message. An SDP with many candidates is ~10 KiB. */
export const MAX_SIGNAL_MESSAGE_BYTES = 64 * 1024;

/**
 * Largest data-channel message either side sends. Chrome accepts up to 256 KiB, but 64 KiB
 * chunks keep a terminal responsive next to bulk traffic on the same SCTP association.
 */
export const MAX_CHANNEL_MESSAGE_BYTES = 64 * 1024;

/** Largest REST request body the server accepts. */
export const MAX_REST_BODY_BYTES = 64 * 1024;

/** Terminal size bounds; anything outside is refused as INVALID_REQUEST. */
export const MIN_PTY_COLS = 2;
export const MAX_PTY_COLS = 1000;
export const MIN_PTY_ROWS = 1;
export const MAX_PTY_ROWS = 500;
