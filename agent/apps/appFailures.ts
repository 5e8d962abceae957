import type { ErrorCode } from "../../protocol/errors.js";
import { MAX_HTTP_HEAD_BYTES } from "../../protocol/limits.js";
import type { Failure } from "../result.js";

/**
 * The code for "the app is not there or broke the connection" (nothing listens on the port,
 * the app failed to start, a reset mid-body). The protocol has no app-specific code yet;
 * PROVIDER_ERROR is the nearest "something behind the agent failed".
 */
export const APP_UNAVAILABLE: ErrorCode = "PROVIDER_ERROR";

/** What a failed connection to the app on `port` means for the browser. */
export function upstreamFailure(error: Error & { code?: string }, port: number): Failure {
  switch (error.code) {
    case "ECONNREFUSED":
      return { code: APP_UNAVAILABLE, message: `nothing answers on port ${port}` };
    case "HPE_HEADER_OVERFLOW":
      return {
        code: "MESSAGE_TOO_LARGE",
        message: `the app's response head is larger than ${MAX_HTTP_HEAD_BYTES} bytes`,
      };
    case "ECONNRESET":
      return { code: APP_UNAVAILABLE, message: `the app on port ${port} broke the connection` };
    default:
      return {
        code: APP_UNAVAILABLE,
        message: `the connection to port ${port} failed (${error.code ?? error.message})`,
      };
  }
}
