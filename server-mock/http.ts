import { HttpResponse, type JsonBodyType } from "msw";
import type { z } from "zod";
import type { ApiErrorBody, ErrorCode } from "../protocol/errors.js";
import { API_PREFIX } from "../protocol/rest.js";

/** Response helpers shared by the mock's handlers and by tests that override one route. */

/** The full URL path of an API route, for handlers and overrides. */
export function api(path: string): string {
  return API_PREFIX + path;
}

/** A JSON response typed by the protocol body it carries. */
export function json<T extends JsonBodyType>(body: T, status = 200): Response {
  return HttpResponse.json(body, { status });
}

/** A protocol error body; `extra` carries fields some codes add (PROVIDER_IN_USE's `workspaces`). */
export function errorResponse(
  status: number,
  code: ErrorCode,
  message: string,
  extra: Omit<ApiErrorBody["error"], "code" | "message"> = {},
): Response {
  return json<ApiErrorBody>({ error: { code, message, ...extra } }, status);
}

export async function parseBody<S extends z.ZodType>(request: Request, schema: S) {
  return schema.safeParse(await request.json().catch(() => undefined));
}
