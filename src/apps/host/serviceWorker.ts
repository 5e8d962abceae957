import type { AppHttpClient } from "../http/AppHttpClient";
import type {
  CookieRequestMessage,
  CookieResponseMessage,
  FetchRequestMessage,
  FetchResponseMessage,
  HostPong,
} from "../shared/bridge";

/** Where the gateway serves the service worker; its scope is the whole app origin. */
export const SERVICE_WORKER_URL = "/__gangway/sw.js";

/** How long the service worker may take to answer a cookie question before the socket goes without. */
const COOKIE_ANSWER_MS = 2000;

/**
 * Serves the service worker's requests from this page: answers its pings (so it knows this
 * client is a host page) and performs its fetches over `client`, replying on the message's
 * port with the head and the body stream (transferred).
 */
export function serveServiceWorker(container: ServiceWorkerContainer, client: AppHttpClient): void {
  container.addEventListener("message", (event: MessageEvent) => {
    const port = event.ports[0];
    const message = event.data as { type?: unknown } | null;
    if (!port || typeof message !== "object" || message === null) return;
    if (message.type === "gangway-ping") {
      port.postMessage({ type: "gangway-pong" } satisfies HostPong);
    } else if (message.type === "gangway-fetch") {
      void client.fetch(message as FetchRequestMessage).then(
        (response) => port.postMessage(response, response.body ? [response.body] : []),
        (error: unknown) => port.postMessage(internalError(error)),
      );
    }
  });
  container.startMessages();
}

function internalError(error: unknown): FetchResponseMessage {
  console.error("gangway: a request failed in the host page", error);
  return { type: "gangway-response", status: 500, statusText: "Internal Error", headers: [], body: null };
}

/** Registers the service worker for the whole origin and resolves once it is active. */
export async function registerServiceWorker(container: ServiceWorkerContainer): Promise<ServiceWorkerRegistration> {
  const registration = await container.register(SERVICE_WORKER_URL, { scope: "/" });
  const worker = registration.installing ?? registration.waiting ?? registration.active;
  if (!worker) throw new Error("The service worker did not install.");
  if (worker.state !== "activated") {
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (worker.state === "activated") resolve();
        else if (worker.state === "redundant") reject(new Error("The service worker failed to install."));
      };
      worker.addEventListener("statechange", check);
      check();
    });
  }
  return registration;
}

/** The `Cookie` header the service worker's jars hold for `url` ("" when it does not answer). */
export async function cookieFromServiceWorker(container: ServiceWorkerContainer, url: string): Promise<string> {
  const registration = await container.ready;
  const worker = registration.active;
  if (!worker) return "";
  const channel = new MessageChannel();
  return new Promise<string>((resolve) => {
    const timer = setTimeout(() => resolve(""), COOKIE_ANSWER_MS);
    channel.port1.onmessage = (event: MessageEvent<CookieResponseMessage>) => {
      clearTimeout(timer);
      resolve(typeof event.data?.cookie === "string" ? event.data.cookie : "");
      channel.port1.close();
    };
    worker.postMessage({ type: "gangway-cookie", url } satisfies CookieRequestMessage, [channel.port2]);
  });
}
