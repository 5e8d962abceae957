import type { ErrorCode } from "../../protocol/errors.js";
import { ApiError, NetworkError } from "./api";

/** What the UI says for each protocol error code. Matched by code, never by message text. */
const SENTENCES: Record<ErrorCode, string> = {
  INVALID_REQUEST: "The request was not valid.",
  MESSAGE_TOO_LARGE: "The message was too large.",
  PROTOCOL_MISMATCH: "This page and the gateway speak different protocol versions. Reload the page.",
  UNAUTHENTICATED: "Your session has ended. Sign in again.",
  FORBIDDEN: "You are not allowed to do this.",
  INVALID_CREDENTIALS: "Wrong username or password",
  INVALID_AGENT_TOKEN: "The workspace agent's token was refused.",
  SETUP_ALREADY_DONE: "Setup was already completed. Sign in instead.",
  SETUP_REQUIRED: "The gateway has not been set up yet.",
  NOT_FOUND: "It does not exist, or you may not see it.",
  CONFLICT: "Something with this name already exists.",
  INVALID_STATE: "The workspace is not in a state that allows this right now.",
  AGENT_UNAVAILABLE: "The workspace agent is not connected. Is the workspace running?",
  AGENT_TIMEOUT: "The workspace agent did not answer in time.",
  NO_NETWORK_PATH: "No network path to the workspace was found.",
  PROVIDER_ERROR: "The provider failed to carry this out.",
  PROVIDER_UNAVAILABLE: "That provider is not taking new workspaces right now.",
  PROVIDER_IN_USE: "The provider still has workspaces.",
  PROVIDER_BUILT_IN: "The built-in local provider cannot be removed or changed this way.",
  PTY_ERROR: "The terminal session could not be started or attached.",
  RATE_LIMITED: "Too many requests. Wait a moment and try again.",
  INTERNAL: "Something went wrong on the gateway.",
};

/** Codes whose server message adds detail worth showing next to our sentence. */
const DETAILED_CODES: ReadonlySet<ErrorCode> = new Set([
  "INVALID_REQUEST",
  "PROVIDER_ERROR",
  "PROVIDER_UNAVAILABLE",
  "PROVIDER_IN_USE",
  "INVALID_STATE",
  "PTY_ERROR",
]);

export function errorSentence(code: ErrorCode): string {
  return SENTENCES[code];
}

export interface DescribedError {
  sentence: string;
  code: ErrorCode | null;
  detail: string | null;
}

/** Turns anything thrown into what ErrorAlert shows; `overrides` word a code for its context. */
export function describeError(error: unknown, overrides: Partial<Record<ErrorCode, string>> = {}): DescribedError {
  if (error instanceof ApiError) {
    return {
      sentence: overrides[error.code] ?? SENTENCES[error.code],
      code: error.code,
      detail: DETAILED_CODES.has(error.code) ? error.message : null,
    };
  }
  if (error instanceof NetworkError) {
    return {
      sentence: "The gateway could not be reached. Check your connection and try again.",
      code: null,
      detail: null,
    };
  }
  return {
    sentence: "Something went wrong in this page.",
    code: null,
    detail: error instanceof Error ? error.message : null,
  };
}

export function isApiError(error: unknown, code: ErrorCode): boolean {
  return error instanceof ApiError && error.code === code;
}
