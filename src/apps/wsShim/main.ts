import { type GangwayHostApi, HOST_API_PROPERTY } from "../shared/bridge";
import { createWebSocketClass } from "./GangwayWebSocket";

/**
 * `/__gangway/ws-shim.js`: the host page puts it first into every HTML document of its
 * frames, so it runs before any app script and replaces `WebSocket` for the app's own origin
 * (WebSockets never pass through a service worker). A classic script, built as an IIFE.
 */
function hostApi(): GangwayHostApi | null {
  try {
    const host = (window.top as unknown as Record<string, unknown> | null)?.[HOST_API_PROPERTY];
    return (host as GangwayHostApi | undefined) ?? null;
  } catch {
    // A top window on another origin: not inside a host page.
    return null;
  }
}

if (window.top !== window && hostApi()) {
  window.WebSocket = createWebSocketClass({
    native: window.WebSocket,
    location: window.location,
    open: (request) => {
      const host = hostApi();
      return host ? host.openWebSocket(request) : Promise.reject(new Error("the host page is gone"));
    },
  });
}
