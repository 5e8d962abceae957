import { z } from "zod";

/**
 * Every error that crosses a process boundary carries one of these codes. Clients match on
 * the code (never on the message, which is a human sentence and may change).
 */
export const ErrorCode = z.enum([
  /** The request body, query or a socket message failed schema validation. */
  "INVALID_REQUEST",
  /** A message or frame is larger than the limit for its channel. */
  "MESSAGE_TOO_LARGE",
  /** The peer speaks another protocol version. */
  "PROTOCOL_MISMATCH",
  /** No valid session cookie (or the session expired). */
  "UNAUTHENTICATED",
  /** Signed in, but this user may not do this or reach this resource. */
  "FORBIDDEN",
  /** Wrong username or password. */
  "INVALID_CREDENTIALS",
  /** The agent token is unknown, revoked or belongs to a stopped workspace. */
  "INVALID_AGENT_TOKEN",
  /** First-run setup was already completed. */
  "SETUP_ALREADY_DONE",
  /** First-run setup has not been completed yet. */
  "SETUP_REQUIRED",
  /** The resource does not exist, or the user may not know that it exists. */
  "NOT_FOUND",
  /** A resource with this name already exists. */
  "CONFLICT",
  /** The workspace is not in a state that allows this (e.g. start while running). */
  "INVALID_STATE",
  /** The workspace's agent is not connected to the gateway right now. */
  "AGENT_UNAVAILABLE",
  /** The agent did not answer the offer in time. */
  "AGENT_TIMEOUT",
  /**
   * The browser and the agent found no working network path (ICE failed: no direct pair and
   * no TURN relay worked). Decided by the browser from its own ICE state; no server sends it.
   */
  "NO_NETWORK_PATH",
  /** The provider failed to create, start or stop a workspace. */
  "PROVIDER_ERROR",
  /** The provider takes no workspaces now: cordoned, not ready (pending or error). */
  "PROVIDER_UNAVAILABLE",
  /** The provider still has workspaces, so it cannot be deleted; `workspaces` lists them. */
  "PROVIDER_IN_USE",
  /** The built-in local provider cannot be deleted. */
  "PROVIDER_BUILT_IN",
  /** A terminal session could not be created or attached. */
  "PTY_ERROR",
  /** Too many requests or streams. */
  "RATE_LIMITED",
  /** A bug: the server logged details. */
  "INTERNAL",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The body of every non-2xx REST response. */
export const ApiErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    /** A human sentence, safe to show in the UI. Never contains secrets. */
    message: z.string(),
    /** PROVIDER_IN_USE only: the workspaces still on the provider. */
    workspaces: z.array(z.object({ id: z.string(), name: z.string(), ownerName: z.string() })).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** Turns a zod error into a short sentence naming the first offending field. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid input";
  const path = issue.path.length > 0 ? issue.path.join(".") : "message";
  return `${path}: ${issue.message}`;
}
