import type { ErrorCode } from "../protocol/errors.js";

/** An expected failure, carried as a value with a protocol error code (never thrown). */
export interface Failure {
  readonly code: ErrorCode;
  /** A human sentence, safe to send to the other side. Never contains secrets. */
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: Failure };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): { readonly ok: false; readonly failure: Failure } {
  return { ok: false, failure: { code, message } };
}
