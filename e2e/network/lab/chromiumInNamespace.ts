import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, chromium, type LaunchOptions } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from "../../support/chromium.js";
import type { Namespace } from "./Namespace.js";

export interface ChromiumInNamespaceOptions {
  /**
   * Plain-http origins, e.g. "http://203.0.113.10:8080", that Chromium should treat as secure
   * contexts: only localhost and https are secure by default, and Gangway's page needs secure-
   * context APIs (crypto.randomUUID, service workers).
   */
  readonly secureOrigins?: readonly string[];
  /**
   * base64 SHA-256 SPKI hashes of self-signed certificates to accept (e.g. coturn's, for TURN over
   * TLS: Chromium refuses an untrusted TURN certificate with ICE error 701).
   */
  readonly trustedSpkiHashes?: readonly string[];
}

/**
 * Debian's Chromium running inside a namespace under Playwright. Playwright starts the
 * `executablePath` it is given and talks to the browser over a pipe (fds 3 and 4), so a
 * wrapper script that execs `ip netns exec <namespace> chromium "$@"` is all it takes: every
 * Chromium process then lives in the namespace. Owns the wrapper's temporary directory and the
 * browsers launch() started.
 */
export class ChromiumInNamespace {
  private readonly browsers: Browser[] = [];

  private constructor(
    private readonly directory: string,
    readonly launchOptions: LaunchOptions,
  ) {}

  static async create(namespace: Namespace, options: ChromiumInNamespaceOptions = {}): Promise<ChromiumInNamespace> {
    const directory = await mkdtemp(path.join(tmpdir(), "gangway-chromium-ns-"));
    const wrapper = path.join(directory, "chromium");
    await writeFile(wrapper, `#!/bin/sh\nexec ip netns exec '${namespace.name}' '${CHROMIUM_EXECUTABLE}' "$@"\n`);
    await chmod(wrapper, 0o755);
    const secureOrigins = options.secureOrigins ?? [];
    const trustedSpkiHashes = options.trustedSpkiHashes ?? [];
    const args = [
      ...CHROMIUM_ARGS,
      ...(secureOrigins.length > 0 ? [`--unsafely-treat-insecure-origin-as-secure=${secureOrigins.join(",")}`] : []),
      ...(trustedSpkiHashes.length > 0 ? [`--ignore-certificate-errors-spki-list=${trustedSpkiHashes.join(",")}`] : []),
    ];
    return new ChromiumInNamespace(directory, { executablePath: wrapper, args });
  }

  /** Launches a browser in the namespace; dispose() closes it if the caller has not. */
  async launch(extra: LaunchOptions = {}): Promise<Browser> {
    const browser = await chromium.launch({
      ...this.launchOptions,
      ...extra,
      args: [...(this.launchOptions.args ?? []), ...(extra.args ?? [])],
    });
    this.browsers.push(browser);
    return browser;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.browsers.splice(0).map((browser) => browser.close()));
    await rm(this.directory, { recursive: true, force: true });
  }
}
