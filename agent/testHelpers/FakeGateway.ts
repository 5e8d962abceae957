import type { AgentToServer, ServerToAgent } from "../../protocol/agent.js";
import type { PeerHost } from "../peer/PeerHost.js";
import { BrowserPeer, type BrowserPeerOptions } from "./BrowserPeer.js";

/**
 * An in-memory stand-in for the gateway's signaling relay: routes messages between a
 * PeerHost and test browser peers by connection id, until `close()` cuts it like a dropped
 * agent socket.
 */
export class FakeGateway {
  private readonly browsers = new Map<string, BrowserPeer>();
  private host: PeerHost | null = null;
  private open = true;
  readonly fromAgent: AgentToServer[] = [];

  /** The agent's outgoing signaling (what `GatewaySocket.send` would carry). */
  readonly signal = (message: AgentToServer): void => {
    if (!this.open) return;
    this.fromAgent.push(message);
    if ("connectionId" in message && message.connectionId) this.browsers.get(message.connectionId)?.receive(message);
  };

  attach(host: PeerHost): void {
    this.host = host;
  }

  browser(options: BrowserPeerOptions = {}): BrowserPeer {
    const browser = new BrowserPeer((message) => this.toAgent(message), options);
    this.browsers.set(browser.connectionId, browser);
    return browser;
  }

  toAgent(message: ServerToAgent): void {
    if (!this.open || !this.host) return;
    if (message.type === "peer-offer") this.host.handleOffer(message);
    else if (message.type === "peer-candidate") this.host.handleCandidate(message);
    else if (message.type === "peer-cancel") this.host.handleCancel(message);
  }

  close(): void {
    this.open = false;
  }

  dispose(): void {
    for (const browser of this.browsers.values()) browser.close();
    this.browsers.clear();
  }
}
