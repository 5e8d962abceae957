/**
 * The SPA's entry. src/ is the browser app: it talks to the gateway only through
 * api/api.ts (REST) and modules/peer (signaling, then WebRTC to the agent), and imports
 * nothing from server/ or agent/, only the shared protocol/.
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider } from "react-router";
import { App } from "./App";
import "./index.css";
import { preconnectFor } from "./modules/peer/preconnect";
import { createQueryClient } from "./queryClient";
import { routes } from "./router";

async function startMockServer(): Promise<void> {
  // A literal condition on MODE lets the production build drop msw and the handlers.
  if (import.meta.env.MODE !== "mock") return;
  const { worker } = await import("../server-mock/browser");
  await worker.start({ onUnhandledRequest: "bypass", quiet: true });
}

await startMockServer();
if (import.meta.env.MODE !== "mock") preconnectFor(window.location);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <App queryClient={createQueryClient()}>
      <RouterProvider router={createBrowserRouter(routes)} />
    </App>
  </StrictMode>,
);
