import { fileURLToPath } from "node:url";
import { build, defineConfig, type Plugin } from "vite";

/**
 * The app-origin runtime (docs/adr/0007-app-origins.md), built into `dist/apps/` and served
 * by the gateway under `/__gangway/` on app origins: `host.html` with its assets, and two
 * classic scripts at fixed names, `sw.js` (the service worker) and `ws-shim.js` (run first in
 * every app document). Built after the dashboard, whose build empties `dist/`.
 */
const ROOT = fileURLToPath(new URL("./src/apps", import.meta.url));
const OUT_DIR = fileURLToPath(new URL("./dist/apps", import.meta.url));

/** Single-file IIFE scripts: a service worker registered without `type: "module"`, and a plain `<script src>`. */
const CLASSIC_SCRIPTS = [
  { entry: `${ROOT}/sw/main.ts`, fileName: "sw.js" },
  { entry: `${ROOT}/wsShim/main.ts`, fileName: "ws-shim.js" },
];

function classicScripts(): Plugin {
  return {
    name: "gangway-app-classic-scripts",
    apply: "build",
    async closeBundle() {
      for (const { entry, fileName } of CLASSIC_SCRIPTS) {
        await build({
          configFile: false,
          root: ROOT,
          logLevel: "warn",
          define: { "process.env.NODE_ENV": JSON.stringify("production") },
          build: {
            outDir: OUT_DIR,
            emptyOutDir: false,
            sourcemap: true,
            lib: { entry, formats: ["iife"], name: "gangway", fileName: () => fileName },
          },
        });
      }
    },
  };
}

export default defineConfig({
  root: ROOT,
  base: "/__gangway/",
  plugins: [classicScripts()],
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: { input: { host: `${ROOT}/host.html` } },
  },
});
