import type { Logger } from "pino";
import { StreamKind } from "../../../protocol/streams.js";
import { PeerHost } from "../../peer/PeerHost.js";
import type { PtySessionManager } from "../../pty/PtySessionManager.js";
import { localAgentIdentity } from "../../streams/agentIdentity.js";
import type { BrowserPeer } from "../../testHelpers/BrowserPeer.js";
import { FakeGateway } from "../../testHelpers/FakeGateway.js";
import { silentLogger, testPtyManager } from "../../testHelpers/testPty.js";
import { pollUntil } from "../../testHelpers/waitUntil.js";
import type { AppLaunchers } from "../AppLauncher.js";

/**
 * Set-ups tried before a test gives up. Host-only ICE between two libdatachannel peers in
 * one process very rarely ends "failed" while the 2 cores are saturated by other test files;
 * the app channels, not ICE, are what these tests are about.
 */
const CONNECT_ATTEMPTS = 3;

/** A real agent peer host with these apps, and a browser peer connected to it through a fake gateway. */
export class AppPeer {
  readonly browser: BrowserPeer;
  private readonly gateway = new FakeGateway();
  private readonly ptys: PtySessionManager = testPtyManager();
  private readonly host: PeerHost;

  private constructor(apps: AppLaunchers, logger: Logger) {
    this.host = new PeerHost({
      signal: this.gateway.signal,
      streams: { identity: localAgentIdentity("test-1.0"), ptys: this.ptys, logger, apps },
      logger,
    });
    this.gateway.attach(this.host);
    this.browser = this.gateway.browser();
  }

  /** Resolves once the browser is connected (a control channel open), app channels may follow. */
  static async connect(apps: AppLaunchers = {}, logger: Logger = silentLogger): Promise<AppPeer> {
    for (let attempt = 1; ; attempt++) {
      const peer = new AppPeer(apps, logger);
      void peer.browser.openChannel("control", StreamKind.control).catch(() => {});
      const state = await pollUntil(() => {
        const current = peer.browser.peer.state();
        return current === "connected" || current === "failed" ? current : undefined;
      }, "the browser peer to connect");
      if (state === "connected") return peer;
      await peer.dispose();
      if (attempt === CONNECT_ATTEMPTS) throw new Error(`ICE failed ${attempt} times in a row`);
      console.warn(`app test peer: ICE failed on attempt ${attempt}; trying again`);
    }
  }

  async dispose(): Promise<void> {
    this.gateway.dispose();
    this.host.dispose();
    await this.ptys.dispose();
  }
}
