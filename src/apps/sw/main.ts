import { appPort, slugFromHostname } from "../shared/appTarget";
import type { CookieRequestMessage, FetchRequestMessage, FetchResponseMessage } from "../shared/bridge";
import { GANGWAY_PATH_PREFIX } from "../shared/names";
import { mapRedirectLocation, REDIRECT_STATUSES } from "../shared/redirects";
import { forwardedRequestHeaders, hasNoBody, headerValue, withoutHeaders } from "../shared/requestHeaders";
import { CookieJar } from "./CookieJar";
import { findHostPage } from "./findHost";

/**
 * `/__gangway/sw.js`, scope "/" of an app origin (ADR 0007). It sends every request of the
 * app's frames to a host page, which performs it over the peer connection, and answers with
 * what comes back. Top-level navigations and `/__gangway/*` pass through to the gateway.
 * It keeps no state in memory: host pages are found per request, cookies live in IndexedDB.
 */
declare const self: ServiceWorkerGlobalScope;

const jar = new CookieJar(self.indexedDB, self.cookieStore);
const slug = slugFromHostname(self.location.hostname);

self.addEventListener("install", (event) => event.waitUntil(self.skipWaiting()));
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith(GANGWAY_PATH_PREFIX)) return;
  if (request.mode === "navigate" && request.destination === "document") return;
  event.respondWith(
    forward(request, url).catch((error: unknown) =>
      textResponse(502, `The request failed in the service worker: ${error}`),
    ),
  );
});

self.addEventListener("message", (event) => {
  const port = event.ports[0];
  const message = event.data as CookieRequestMessage | null;
  if (!port || message?.type !== "gangway-cookie" || typeof message.url !== "string") return;
  const url = new URL(message.url, self.location.origin);
  const answer = url.origin === self.location.origin ? jar.header(url).catch(() => "") : Promise.resolve("");
  event.waitUntil(answer.then((cookie) => port.postMessage({ type: "gangway-cookie", cookie })));
});

async function forward(request: Request, url: URL): Promise<Response> {
  const cookie = await jar.header(url).catch(() => "");
  const headers = forwardedRequestHeaders(request.headers, {
    method: request.method,
    cookie,
    origin: self.location.origin,
    referrer: request.referrer,
  });
  const body = await requestBody(request);
  const host = await findHostPage(self.clients);
  if (!host) {
    await body?.cancel();
    return textResponse(503, "No tab of this app is open to carry the request. Open the app from the dashboard.");
  }
  const channel = new MessageChannel();
  const answered = new Promise<FetchResponseMessage>((resolve) => {
    channel.port1.onmessage = (event: MessageEvent<FetchResponseMessage>) => resolve(event.data);
  });
  const message: FetchRequestMessage = {
    type: "gangway-fetch",
    method: request.method,
    url: request.url,
    headers,
    body,
    navigate: request.mode === "navigate",
  };
  host.postMessage(message, body ? [channel.port2, body] : [channel.port2]);
  const response = await answered;
  channel.port1.close();
  return respond(request, url, response);
}

/** The request body as a stream to transfer; an empty one for methods with a body, so its length is known. */
async function requestBody(request: Request): Promise<ReadableStream<Uint8Array> | null> {
  if (request.method === "GET" || request.method === "HEAD") return null;
  if (request.body) return request.body;
  const bytes = new Uint8Array(await request.arrayBuffer());
  return new ReadableStream({
    start(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** The host page's answer as the frame's response: cookies applied, redirects mapped onto this origin. */
async function respond(request: Request, url: URL, response: FetchResponseMessage): Promise<Response> {
  const setCookies = response.headers.filter(([name]) => name.toLowerCase() === "set-cookie").map(([, value]) => value);
  if (setCookies.length > 0) await jar.apply(setCookies, url);
  const headers = withoutHeaders(response.headers, ["set-cookie"]);
  const location = headerValue(headers, "location");
  if (REDIRECT_STATUSES.has(response.status) && location !== null) {
    const target = mapRedirectLocation(location, request.url, self.location.origin, slug ? appPort(slug) : null);
    if (target) {
      response.body?.cancel().catch(() => undefined);
      return Response.redirect(target, response.status);
    }
  }
  const body = hasNoBody(request.method, response.status) ? null : response.body;
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
