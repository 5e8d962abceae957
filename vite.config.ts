import { readFileSync } from "node:fs";
import react from "@vitejs/plugin-react";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";

/** The gateway server `npm run dev` proxies API and WebSocket calls to. */
const DEV_SERVER = process.env.GANGWAY_DEV_SERVER ?? "http://localhost:7080";

/**
 * Serves msw's worker script in `vite --mode mock` only, so a production build never ships
 * a service worker that could intercept real API calls.
 */
function mockServiceWorker(): Plugin {
  const script = new URL("./server-mock/public/mockServiceWorker.js", import.meta.url);
  return {
    name: "gangway-mock-service-worker",
    apply: (_config, env) => env.command === "serve" && env.mode === "mock",
    configureServer(server) {
      server.middlewares.use("/mockServiceWorker.js", (_req, res) => {
        res.setHeader("Content-Type", "text/javascript");
        res.end(readFileSync(script));
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), mockServiceWorker()],
  build: { outDir: "dist", sourcemap: true },
  server: {
    proxy: {
      // The gateway accepts browser WebSockets only from its own origin; in development the
      // page comes from Vite's port, so the proxy presents the gateway's origin instead.
      "/api": { target: DEV_SERVER, ws: true, headers: { origin: DEV_SERVER } },
      "/healthz": { target: DEV_SERVER },
    },
  },
  test: {
    projects: [
      {
        test: {
          name: "node",
          environment: "node",
          include: ["protocol/**/*.test.ts", "server/**/*.test.ts", "agent/**/*.test.ts", "bench/**/*.test.ts"],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: "network",
          environment: "node",
          include: ["e2e/network/**/*.test.ts"],
          // The scenarios' gateways serve an SPA built from the current source, once per run.
          globalSetup: ["e2e/network/stack/buildSpa.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Network namespaces, routers, coturn and Chromium per test: one file at a time, and
          // after the other projects, so their timing-sensitive peers do not starve each other.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "ui",
          environment: "jsdom",
          include: ["src/**/*.test.{ts,tsx}", "server-mock/**/*.test.ts"],
          setupFiles: ["src/testHelpers/setup.ts"],
        },
      },
    ],
  },
});
