import type { ErrorCode } from "../../../protocol/errors.js";
import type { HttpHeaders } from "../../../protocol/streams.js";

/** A response the host page makes up itself because the app's could not be had. */
export interface MadeUpResponse {
  status: number;
  statusText: string;
  headers: HttpHeaders;
  body: string;
}

/**
 * The HTTP status a page expects for an agent's `StreamError` (ADR 6: errors are typed on
 * the channel, the browser side turns them into responses). `null` is a lost connection.
 */
export function statusForFailure(code: ErrorCode | null, requestHadBody: boolean): [number, string] {
  switch (code) {
    case "INVALID_REQUEST":
      return [400, "Bad Request"];
    case "FORBIDDEN":
      return [403, "Forbidden"];
    case "NOT_FOUND":
      return [404, "Not Found"];
    case "MESSAGE_TOO_LARGE":
      return requestHadBody ? [413, "Content Too Large"] : [431, "Request Header Fields Too Large"];
    default:
      return [502, "Bad Gateway"];
  }
}

/** What failed, in words, for the body of a made-up response. */
function explanation(code: ErrorCode | null): string {
  switch (code) {
    case "PROVIDER_ERROR":
      return "The app did not answer: nothing listens on its port in the workspace, it failed to start, or it broke the connection.";
    case "NOT_FOUND":
      return "The workspace agent does not run this app.";
    case "FORBIDDEN":
      return "This page may not reach this app.";
    case null:
      return "The connection to the workspace was lost before the app answered.";
    default:
      return "The workspace agent refused the request.";
  }
}

/**
 * A small response saying what failed: an HTML page for a frame navigation (the person sees
 * it), plain text otherwise (a script reads it).
 */
export function errorResponse(
  failure: { code: ErrorCode | null; message: string },
  options: { navigate: boolean; requestHadBody: boolean },
): MadeUpResponse {
  const [status, statusText] = statusForFailure(failure.code, options.requestHadBody);
  const detail = `${explanation(failure.code)} (${failure.code ?? "NO_CONNECTION"}: ${failure.message})`;
  const headers: HttpHeaders = [["Cache-Control", "no-store"]];
  if (!options.navigate) {
    return { status, statusText, headers: [...headers, ["Content-Type", "text/plain; charset=utf-8"]], body: detail };
  }
  const body = `<!doctype html><meta charset="utf-8"><title>${status} ${statusText}</title><body style="font-family:system-ui,sans-serif;margin:2rem"><h1>${status} ${statusText}</h1><p>${escapeHtml(detail)}</p></body>`;
  return { status, statusText, headers: [...headers, ["Content-Type", "text/html; charset=utf-8"]], body };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
