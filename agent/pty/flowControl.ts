import { MAX_CHANNEL_MESSAGE_BYTES } from "../../protocol/limits.js";

/**
 * Replay kept per terminal session. Coder kept 64 KiB; 2 MiB holds several full screens of
 * scrollback from a noisy build, at a cost that is only paid by pages actually written.
 */
export const REPLAY_BUFFER_BYTES = 2 * 1024 * 1024;

/**
 * Unsent output an attachment may hold before the shell is paused. Chrome closes a data
 * channel whose send buffer passes 16 MB; 1 MiB stays far below that and still keeps the
 * pipe full at loopback speed (~15 MB/s means ~70 ms of data in flight).
 */
export const HIGH_WATER_MARK_BYTES = 1024 * 1024;

/** The shell resumes once every attachment drained below this (a quarter of the high mark). */
export const LOW_WATER_MARK_BYTES = 256 * 1024;

/** Largest output message; the protocol's channel limit keeps terminals responsive. */
export const OUTPUT_CHUNK_BYTES = MAX_CHANNEL_MESSAGE_BYTES;
