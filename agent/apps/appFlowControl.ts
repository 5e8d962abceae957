import { APP_UPLOAD_WINDOW_BYTES } from "../../protocol/limits.js";

/**
 * Unsent bytes an app channel may hold before the agent stops reading the app. Chrome closes
 * a channel whose buffer passes 16 MB; 1 MiB is ~70 ms at loopback speed, enough to keep
 * the pipe full, and with a pool of channels per app still only a few MiB per browser.
 */
export const SEND_HIGH_WATER_MARK_BYTES = 1024 * 1024;

/** The agent reads the app again once the channel drained below this (a quarter of the mark). */
export const SEND_LOW_WATER_MARK_BYTES = 256 * 1024;

/**
 * The agent acknowledges upload once this much more was written to the app: one small
 * message per 256 KiB. It must stay below the window minus one message, or a browser that
 * filled its window would wait for an ack that never comes.
 */
export const ACK_EVERY_BYTES = APP_UPLOAD_WINDOW_BYTES / 4;
