import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { startTestServer, type TestServer } from "./helpers.js";

let server: TestServer;
let spaDir: string | null = null;

afterEach(async () => {
  await server.close();
  if (spaDir) fs.rmSync(spaDir, { recursive: true, force: true });
  spaDir = null;
});

function builtSpa(): string {
  spaDir = fs.mkdtempSync(path.join(os.tmpdir(), "gangway-spa-"));
  fs.writeFileSync(path.join(spaDir, "index.html"), "<!doctype html><title>dashboard</title>");
  fs.mkdirSync(path.join(spaDir, "assets"));
  fs.writeFileSync(path.join(spaDir, "assets", "app.js"), "console.log('hi')");
  return spaDir;
}

const html = { accept: "text/html,application/xhtml+xml" };

describe("SPA and health", () => {
  test("/healthz reports version and protocol", async () => {
    server = await startTestServer();
    const response = await fetch(`${server.url}/healthz`);
    expect(await response.json()).toEqual({ status: "ok", version: expect.any(String), protocolVersion: 1 });
  });

  test("serves files, falls back to index.html for client routes, with security headers", async () => {
    server = await startTestServer({ spaDir: builtSpa() });
    const script = await fetch(`${server.url}/assets/app.js`);
    expect(await script.text()).toBe("console.log('hi')");

    const route = await fetch(`${server.url}/workspaces/abc/terminal`, { headers: html });
    expect(route.status).toBe(200);
    expect(await route.text()).toContain("<title>dashboard</title>");
    const csp = route.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(route.headers.get("x-frame-options")).toBe("DENY");
    expect(route.headers.get("x-content-type-options")).toBe("nosniff");
    expect(route.headers.get("referrer-policy")).toBe("no-referrer");

    const missingAsset = await fetch(`${server.url}/assets/missing.js`);
    expect(missingAsset.status).toBe(404);
    const api = await fetch(`${server.url}/api/v1/nothing-here`, { headers: html });
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  test("content-hashed assets are cached for good; pages and root files are revalidated", async () => {
    const dir = builtSpa();
    fs.writeFileSync(path.join(dir, "early-connect.js"), "void 0");
    server = await startTestServer({ spaDir: dir });
    const asset = await fetch(`${server.url}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    for (const url of ["/", "/index.html", "/early-connect.js", "/workspaces/abc/terminal/def"]) {
      const response = await fetch(`${server.url}${url}`, { headers: html });
      expect(response.status, url).toBe(200);
      expect(response.headers.get("cache-control"), url).toBe("no-cache");
    }
  });

  test("the app origins' pages in the build are not served on the dashboard's hostname", async () => {
    const dir = builtSpa();
    fs.mkdirSync(path.join(dir, "apps"));
    fs.writeFileSync(path.join(dir, "apps", "sw.js"), "self.skipWaiting()");
    server = await startTestServer({ spaDir: dir });
    expect((await fetch(`${server.url}/apps/sw.js`)).status).toBe(404);
    const gateway = await fetch(`${server.url}/__gangway/sw.js`);
    expect(gateway.status).toBe(404);
    expect(await gateway.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  test("without a build, HTML requests get a page saying how to build", async () => {
    server = await startTestServer();
    const response = await fetch(`${server.url}/`, { headers: html });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("npm run build");
  });
});
