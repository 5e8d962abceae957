import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import type { z } from "zod";
import { type ApiErrorBody, describeZodError, type ErrorCode } from "../../protocol/errors.js";

/** Structured extras some codes carry beside the message (see `ApiErrorBody`). */
export type ApiErrorDetails = Omit<ApiErrorBody["error"], "code" | "message">;

/** An error meant for the client: its code, HTTP status, a human sentence and any details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: ApiErrorDetails = {},
  ) {
    super(message);
  }
}

export const notFound = () => new ApiError(404, "NOT_FOUND", "Not found.");

export function sendError(
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  message: string,
  details: ApiErrorDetails = {},
): FastifyReply {
  const body: ApiErrorBody = { error: { code, message, ...details } };
  return reply.code(status).type("application/json").send(body);
}

/**
 * Parses untrusted input with a protocol schema; a failure is a 400 naming the field, or
 * naming `what` (the body, the query) when the input as a whole is wrong.
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what = "body"): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const whole = result.error.issues[0]?.path.length === 0;
  const message = whole ? `${what}: ${result.error.issues[0]?.message}` : describeZodError(result.error);
  throw new ApiError(400, "INVALID_REQUEST", message);
}

/** Maps Fastify's own errors (body parsing, size) onto protocol codes; anything else is INTERNAL. */
function classify(error: FastifyError): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error.statusCode === 413) return new ApiError(413, "MESSAGE_TOO_LARGE", "The request body is too large.");
  if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
    return new ApiError(415, "INVALID_REQUEST", "Send the body as application/json.");
  }
  if (error.statusCode === 400 && error.code?.startsWith("FST_ERR_CTP")) {
    return new ApiError(400, "INVALID_REQUEST", "body: not valid JSON");
  }
  return null;
}

/** Every error leaves as ApiErrorBody; unexpected ones are logged in full and shown as INTERNAL. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = classify(error);
    if (known) return sendError(reply, known.status, known.code, known.message, known.details);
    request.log.error({ err: error }, "request failed");
    return sendError(reply, 500, "INTERNAL", "Something went wrong on the server; it was logged.");
  });
}
