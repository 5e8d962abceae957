import "./host.css";
import { APP_ORIGIN_PREFIX, AppOriginInfo } from "../../../protocol/rest.js";
import { PeerConnection } from "../../modules/peer/PeerConnection";
import { AppHttpClient } from "../http/AppHttpClient";
import { heldResponseBytes } from "../http/HttpExchange";
import { type GangwayHostApi, HOST_API_PROPERTY } from "../shared/bridge";
import { AppFrame } from "./AppFrame";
import { ConnectionInfo } from "./ConnectionInfo";
import { Overlay, type OverlayView, viewOfPeer } from "./Overlay";
import { cookieFromServiceWorker, registerServiceWorker, serveServiceWorker } from "./serviceWorker";
import { WsHost } from "./WsHost";

/**
 * The host page of an app origin (ADR 0007): it owns the peer connection, registers the
 * service worker that sends the app's requests here, and shows the app in a full-window frame.
 */
async function main(): Promise<void> {
  const overlay = new Overlay(document.body);
  overlay.show({ state: "connecting", title: "Opening the app…" });
  const loaded = await loadInfo();
  if (loaded.kind === "signed-out") {
    overlay.show({ state: "signed-out", dashboardUrl: guessDashboardUrl(window.location) });
    return;
  }
  if (loaded.kind === "error") {
    overlay.show({
      state: "failed",
      title: "Cannot open the app",
      detail: loaded.message,
      code: loaded.code,
      retry: reload,
    });
    return;
  }
  const { info } = loaded;
  const fallbackTitle = `${info.title} · ${info.workspaceName}`;
  document.title = fallbackTitle;

  const connection = new PeerConnection({ signalUrl: signalUrl(window.location) });
  const http = new AppHttpClient(connection, info.slug);
  const container = navigator.serviceWorker;
  serveServiceWorker(container, http);
  const host = new WsHost(connection, info.slug, window.location.origin, (url) =>
    cookieFromServiceWorker(container, url),
  );
  const api: GangwayHostApi = {
    openWebSocket: (request) => host.openWebSocket(request),
    stats: () => ({ bufferedBytes: heldResponseBytes() }),
  };
  (window as unknown as Record<string, unknown>)[HOST_API_PROPERTY] = api;
  let frame: AppFrame | null = null;
  // Until the app's first page arrives (code-server takes seconds to start), say so.
  let frameLoaded = false;
  const loading: OverlayView = {
    state: "connecting",
    title: info.slug === "code-server" ? "Starting code-server…" : `Loading ${info.title}…`,
  };
  let failed = false;
  const follow = () => {
    const snapshot = connection.getSnapshot();
    // Requests made while the connection had failed for good got error pages: load them again.
    if (snapshot.state.kind === "failed") failed = true;
    else if (snapshot.state.kind === "connected" && failed) {
      failed = false;
      frame?.reload();
    }
    if (snapshot.state.kind === "failed" && snapshot.state.reason.code === "UNAUTHENTICATED") {
      overlay.show({ state: "signed-out", dashboardUrl: info.dashboardUrl });
    } else {
      const view = viewOfPeer(snapshot, info.title, () => connection.retry());
      overlay.show(view.state === "hidden" && !frameLoaded ? loading : view);
    }
  };
  connection.subscribe(follow);
  new ConnectionInfo(document.body, connection);
  connection.start();
  follow();

  try {
    await registerServiceWorker(container);
  } catch (error) {
    connection.dispose();
    overlay.show({
      state: "failed",
      title: "Cannot start the app's service worker",
      detail: (error as Error).message,
      code: null,
      retry: reload,
    });
    return;
  }
  frame = new AppFrame(
    document.body,
    `${window.location.pathname}${window.location.search}${window.location.hash}`,
    (title) => {
      document.title = title ? `${title} · ${info.workspaceName}` : fallbackTitle;
    },
    () => {
      frameLoaded = true;
      follow();
    },
  );
}

type Loaded =
  | { kind: "ok"; info: AppOriginInfo }
  | { kind: "signed-out" }
  | { kind: "error"; message: string; code: string | null };

/** GET /__gangway/info: what this origin is; 401 when this tab has no app session. */
async function loadInfo(): Promise<Loaded> {
  let response: Response;
  try {
    response = await fetch(`${APP_ORIGIN_PREFIX}info`, { credentials: "same-origin", cache: "no-store" });
  } catch {
    return { kind: "error", message: "The gateway could not be reached; check your network connection.", code: null };
  }
  if (response.status === 401) return { kind: "signed-out" };
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    return {
      kind: "error",
      message: error?.message ?? `The gateway answered ${response.status}.`,
      code: error?.code ?? null,
    };
  }
  const info = AppOriginInfo.safeParse(body);
  return info.success
    ? { kind: "ok", info: info.data }
    : { kind: "error", message: "The gateway's answer about this app was not understood.", code: "PROTOCOL_MISMATCH" };
}

/** `WS /__gangway/signal` on this origin; wss when the page is https. */
function signalUrl(location: Location): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${APP_ORIGIN_PREFIX}signal`;
}

/**
 * The dashboard when /info cannot say: the default apps domain is `apps.<dashboard host>`, so
 * dropping the app's label and "apps." gives it; null for hostnames of another shape.
 */
function guessDashboardUrl(location: Location): string | null {
  const [, ...rest] = location.hostname.split(".");
  if (rest[0] !== "apps" || rest.length < 2) return null;
  return `${location.protocol}//${rest.slice(1).join(".")}${location.port ? `:${location.port}` : ""}/`;
}

function reload(): void {
  window.location.reload();
}

void main();
