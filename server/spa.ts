import fs from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { API_PREFIX } from "../protocol/rest.js";
import { sendError } from "./http/errors.js";

/**
 * The dashboard's scripts and styles come only from this origin; it talks to its own origin
 * only (`'self'` covers ws:/wss: to it). Apps open in tabs of their own origins, never here.
 */
const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

const PLACEHOLDER_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Gangway</title></head>
<body><h1>Gangway is running</h1>
<p>The dashboard has not been built yet. Run <code>npm run build</code> and reload.</p>
</body></html>`;

function wantsHtml(request: FastifyRequest): boolean {
  return request.method === "GET" && (request.headers.accept ?? "").includes("text/html");
}

function isApi(url: string): boolean {
  return url === API_PREFIX || url.startsWith(`${API_PREFIX}/`) || url.startsWith("/api/");
}

/** What the dashboard's files never include: the app origins' pages (served there only). */
const APP_PAGES_DIR = "/apps/";

/**
 * Vite names every file under assets/ after its content, so a cached copy is never stale: a
 * new tab (every terminal opens one) takes them from the browser's cache with no request at
 * all. Everything else (index.html, early-connect.js, the icon) is revalidated each time.
 */
export const IMMUTABLE_ASSET = "public, max-age=31536000, immutable";

/** Cache-Control for a file of the built SPA, by its absolute path under `spaDir`. */
export function assetCacheControl(spaDir: string, filePath: string): string {
  const relative = path.relative(spaDir, filePath).split(path.sep);
  return relative[0] === "assets" && relative.length === 2 ? IMMUTABLE_ASSET : "no-cache";
}

/**
 * Serves the built SPA from `spaDir`, falling back to index.html for client-side routes; no
 * page may be framed. Requests to app origins are answered by routes/appOrigin.ts and never
 * get the dashboard or its headers.
 */
export async function registerSpa(app: FastifyInstance, spaDir: string) {
  const built = fs.existsSync(path.join(spaDir, "index.html"));
  if (built) {
    await app.register(fastifyStatic, {
      root: spaDir,
      index: ["index.html"],
      allowedPath: (pathname) => !pathname.startsWith(APP_PAGES_DIR),
      cacheControl: false,
      setHeaders: (reply, filePath) => reply.header("cache-control", assetCacheControl(spaDir, filePath)),
    });
  }

  app.addHook("onSend", async (request, reply) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    if (isApi(request.url) || request.appHost) return;
    reply.header("content-security-policy", `${DASHBOARD_CSP}; frame-ancestors 'none'`);
    reply.header("x-frame-options", "DENY");
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    if (isApi(request.url) || request.appHost || !wantsHtml(request)) {
      return sendError(reply, 404, "NOT_FOUND", `No route ${request.method} ${request.url.split("?")[0]}.`);
    }
    reply.header("cache-control", "no-cache");
    if (built) return reply.sendFile("index.html");
    return reply.type("text/html; charset=utf-8").send(PLACEHOLDER_HTML);
  });
}
