import { APP_UPLOAD_WINDOW_BYTES } from "../../../protocol/limits.js";
import type { AppSlug } from "../../../protocol/rest.js";
import type { HttpHeaders } from "../../../protocol/streams.js";
import { appTarget } from "../shared/appTarget";
import type { FetchRequestMessage, FetchResponseMessage } from "../shared/bridge";
import { hasNoBody, headerValue, withoutHeaders } from "../shared/requestHeaders";
import { errorResponse } from "./errorResponse";
import { HttpChannelPool } from "./HttpChannelPool";
import type { ExchangeOutcome } from "./HttpExchange";
import { injectScriptTag } from "./htmlInjection";
import { measureBody } from "./requestBody";
import { type PeerSource, whenConnected } from "./whenConnected";

/** `Content-Encoding` values `DecompressionStream` decodes, by its format name. */
const DECODABLE: Readonly<Record<string, CompressionFormat>> = { gzip: "gzip", "x-gzip": "gzip", deflate: "deflate" };

/**
 * The host page's HTTP client for one app: a pool of http channels on the current peer
 * connection, and the response a frame expects, made from what the agent answers: bodies
 * decoded (the request asked only for gzip and deflate), the WebSocket shim injected into a
 * frame's HTML document, and agent errors as 4xx/5xx responses.
 */
export class AppHttpClient {
  private pool: HttpChannelPool | null = null;

  constructor(
    private readonly connection: PeerSource,
    slug: AppSlug,
  ) {
    const label = JSON.stringify(appTarget(slug));
    connection.onPeer((peer) => {
      this.pool?.dispose();
      this.pool = new HttpChannelPool(peer, label);
    });
  }

  async fetch(request: FetchRequestMessage): Promise<FetchResponseMessage> {
    const url = new URL(request.url);
    const requestHadBody = request.body !== null;
    try {
      await whenConnected(this.connection);
    } catch (error) {
      request.body?.cancel().catch(() => undefined);
      return made(errorResponse({ code: null, message: (error as Error).message }, { ...request, requestHadBody }));
    }
    const { body, length } = await measureBody(request.body, APP_UPLOAD_WINDOW_BYTES);
    const headers: HttpHeaders =
      length === null ? request.headers : [...request.headers, ["Content-Length", `${length}`]];
    const pool = this.pool;
    const outcome: ExchangeOutcome = pool
      ? await pool.request({ method: request.method, path: `${url.pathname}${url.search}`, headers, body })
      : { kind: "failed", code: null, message: "There is no connection to the workspace." };
    if (outcome.kind === "failed") return made(errorResponse(outcome, { ...request, requestHadBody }));
    return this.present(request, outcome);
  }

  /** The app's response as the frame should get it. */
  private present(request: FetchRequestMessage, outcome: ExchangeOutcome & { kind: "response" }): FetchResponseMessage {
    const { status, statusText } = outcome.head;
    let headers = outcome.head.headers;
    let body: ReadableStream<Uint8Array> | null = outcome.body;
    const encoding = headerValue(headers, "content-encoding")?.trim().toLowerCase() ?? "";
    const format = DECODABLE[encoding];
    if (format) {
      headers = withoutHeaders(headers, ["content-encoding", "content-length"]);
      body = body.pipeThrough(new DecompressionStream(format) as ReadableWritablePair<Uint8Array, Uint8Array>);
    }
    if (hasNoBody(request.method, status)) body = null;
    else if (request.navigate && /^\s*text\/html\b/i.test(headerValue(headers, "content-type") ?? "")) {
      headers = withoutHeaders(headers, ["content-length"]);
      body = body.pipeThrough(injectScriptTag());
    }
    return { type: "gangway-response", status, statusText, headers, body };
  }

  dispose(): void {
    this.pool?.dispose();
    this.pool = null;
  }
}

function made(response: ReturnType<typeof errorResponse>): FetchResponseMessage {
  const bytes = new TextEncoder().encode(response.body);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  return { type: "gangway-response", ...response, body };
}
