import type { ErrorCode } from "../../../protocol/errors.js";
import { errorSentence } from "../../api/errors";

/** Why a connection attempt ended: a protocol code when there is one, and a sentence. */
export interface PeerFailure {
  code: ErrorCode | null;
  message: string;
  /** Retrying cannot help (the workspace is gone, the session ended, …): stop and say so. */
  permanent: boolean;
  /**
   * The gateway itself could not be reached (no socket, no hello): most likely this side's
   * network is down, which costs the gateway nothing to retry and should be noticed soon
   * after it comes back.
   */
  unreachable?: true;
}

/**
 * Codes that will not heal by retrying. Everything else (the agent not connected yet, a
 * timeout, a gateway restart) may, so the connection keeps trying.
 */
const PERMANENT_CODES: ReadonlySet<ErrorCode> = new Set([
  "NOT_FOUND",
  "FORBIDDEN",
  "UNAUTHENTICATED",
  "SETUP_REQUIRED",
  "PROTOCOL_MISMATCH",
  "INVALID_REQUEST",
  "MESSAGE_TOO_LARGE",
]);

/** Wording for codes whose general sentence does not fit a connection to one workspace. */
const CONNECTION_SENTENCES: Partial<Record<ErrorCode, string>> = {
  NOT_FOUND: "This workspace does not exist, or you may not reach it.",
  FORBIDDEN: "You are not allowed to connect to this workspace.",
  UNAUTHENTICATED: "Your session has ended. Sign in again, then reload this tab.",
};

export function failureFromCode(code: ErrorCode): PeerFailure {
  return {
    code,
    message: CONNECTION_SENTENCES[code] ?? errorSentence(code),
    permanent: PERMANENT_CODES.has(code),
  };
}

/** A failure without a protocol code: the network or the browser's WebRTC stack. */
export function transientFailure(message: string): PeerFailure {
  return { code: null, message, permanent: false };
}

/** The gateway could not be reached at all (see `PeerFailure.unreachable`). */
export function unreachableFailure(message: string): PeerFailure {
  return { code: null, message, permanent: false, unreachable: true };
}

/** ICE found no working path; `sentence` says what was tried. Worth retrying in the background. */
export function noNetworkPathFailure(sentence: string): PeerFailure {
  return { code: "NO_NETWORK_PATH", message: sentence, permanent: false };
}
