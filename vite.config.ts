import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** The gateway server `npm run dev` proxies API and WebSocket calls to. */
const DEV_SERVER = process.env.GANGWAY_DEV_SERVER ?? "http://localhost:7080";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", sourcemap: true },
  server: {
    proxy: {
      "/api": { target: DEV_SERVER, ws: true, changeOrigin: false },
      "/healthz": { target: DEV_SERVER },
    },
  },
  test: {
    projects: [
      {
        test: {
          name: "node",
          environment: "node",
          include: ["protocol/**/*.test.ts", "server/**/*.test.ts", "agent/**/*.test.ts"],
          testTimeout: 20_000,
          hookTimeout: 30_000,
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
