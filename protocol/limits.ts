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

/**
 * Largest head of an app HTTP request or response, or of a WebSocket opening: the path plus
 * every header name and value. Node's own HTTP parser stops at 16 KiB, and the head,
 * JSON-escaped, still fits one data-channel message.
 */
export const MAX_HTTP_HEAD_BYTES = 16 * 1024;

/**
 * Body bytes the browser may send on an `http` or `ws` channel beyond what the agent last
 * acknowledged as written to the app. The agent cannot stop a data channel from delivering,
 * so this window is what bounds its memory when the app reads slower than the browser sends;
 * 1 MiB keeps ~70 ms of loopback-speed data in flight, like the agent's send side.
 */
export const APP_UPLOAD_WINDOW_BYTES = 1024 * 1024;

/**
 * Response body bytes the agent may send on an `http` channel beyond what the browser last
 * acknowledged as consumed (`AppAck` from the browser). A data channel cannot be paused by
 * its receiver either, so this is what bounds the browser tab's memory when a download is
 * read slower than the agent sends it.
 */
export const APP_DOWNLOAD_WINDOW_BYTES = 2 * 1024 * 1024;

/** Longest WebSocket close reason, in UTF-8 bytes (RFC 6455: 125-byte control frames). */
export const MAX_WS_CLOSE_REASON_BYTES = 123;

/** Largest REST request body the server accepts. */
export const MAX_REST_BODY_BYTES = 64 * 1024;

/** Terminal size bounds; anything outside is refused as INVALID_REQUEST. */
export const MIN_PTY_COLS = 2;
export const MAX_PTY_COLS = 1000;
export const MIN_PTY_ROWS = 1;
export const MAX_PTY_ROWS = 500;
