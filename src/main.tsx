/**
 * The SPA's entry. src/ is the browser app: it talks to the gateway only through
 * api/api.ts (REST) and modules/peer (signaling, then WebRTC to the agent), and imports
 * nothing from server/ or agent/, only the shared protocol/.
 *
 * This chunk is kept small on purpose: on a terminal page it starts the peer connection
 * before React, the router and xterm.js have loaded (boot.tsx, fetched in parallel), so
 * connecting and loading the code overlap instead of adding up.
 */
import { API_PREFIX } from "../protocol/rest.js";
import { prefetch } from "./api/prefetch";
import { preconnectFor, terminalWorkspaceId } from "./modules/peer/preconnect";

if (import.meta.env.MODE === "mock") {
  const { worker } = await import("../server-mock/browser");
  await worker.start({ onUnhandledRequest: "bypass", quiet: true });
} else {
  preconnectFor(window.location);
  // The session check, and a terminal's workspace, load while the app's code does.
  const api = (path: string) => new URL(`${API_PREFIX}${path}`, window.location.origin).href;
  prefetch(api("/setup"));
  prefetch(api("/auth/me"));
  const workspaceId = terminalWorkspaceId(window.location.pathname);
  if (workspaceId) {
    prefetch(api(`/workspaces/${encodeURIComponent(workspaceId)}`));
    // The terminal page's own chunk (xterm.js) loads beside the app's rather than after it.
    void import("./pages/TerminalPage/TerminalPage");
  }
}
await import("./boot");
