import type { Logger } from "pino";
import type { AppLaunchers } from "./apps/AppLauncher.js";
import { CodeServer } from "./apps/CodeServer.js";
import { codeServerCommand, isCodeServerInstalled } from "./apps/codeServerCommand.js";
import type { BackoffOptions } from "./gateway/Backoff.js";
import { type GatewayMessage, GatewaySocket } from "./gateway/GatewaySocket.js";
import { AppGrantVerifier } from "./peer/appGrant.js";
import { PeerHost } from "./peer/PeerHost.js";
import { PortReporter } from "./ports/PortReporter.js";
import type { ShellCommand } from "./pty/PtySession.js";
import { PtySessionManager } from "./pty/PtySessionManager.js";
import { RelayHost } from "./relay/RelayHost.js";
import { localAgentIdentity } from "./streams/agentIdentity.js";

export interface AgentOptions {
  readonly gatewayUrl: URL;
  readonly token: string;
  readonly workspaceDir: string;
  readonly ptyIdleTimeoutMs: number;
  readonly agentVersion: string;
  readonly logger: Logger;
  /** Defaults to `$SHELL -i`; tests pin a shell without rc files. */
  readonly shell?: ShellCommand;
  /** The environment shells inherit; defaults to the agent's own. */
  readonly env?: NodeJS.ProcessEnv;
  readonly backoff?: BackoffOptions;
}

/**
 * The workspace agent: the gateway socket (control plane) feeding the peer host (data
 * plane) and the bench relay, over one set of terminal sessions.
 */
export class Agent {
  readonly ptys: PtySessionManager;
  readonly peers: PeerHost;
  readonly relays: RelayHost;
  readonly gateway: GatewaySocket;
  /** Apps the agent starts on demand for app channels (code-server). */
  readonly apps: AppLaunchers;
  /** Tells the gateway which ports the workspace listens on. */
  readonly ports: PortReporter;
  private readonly logger: Logger;

  constructor(options: AgentOptions) {
    const { logger } = options;
    this.logger = logger;
    const grants = new AppGrantVerifier(options.token);
    const env = options.env ?? process.env;
    const codeServer = new CodeServer({
      command: codeServerCommand(env),
      workspaceDir: options.workspaceDir,
      logger: logger.child({ part: "code-server" }),
      ...(options.env ? { env: options.env } : {}),
    });
    this.apps = { "code-server": codeServer };
    this.ports = new PortReporter({
      send: (message) => this.gateway.send(message),
      // code-server has an entry of its own; the agent's sockets are nobody's app.
      exclusions: () => ({ pids: [process.pid], ports: codeServer.port === null ? [] : [codeServer.port] }),
      ancestor: process.pid,
      logger: logger.child({ part: "ports" }),
    });
    this.ptys = new PtySessionManager({
      workspaceDir: options.workspaceDir,
      idleTimeoutMs: options.ptyIdleTimeoutMs,
      logger: logger.child({ part: "pty" }),
      keepSpareShell: true,
      ...(options.shell ? { shell: options.shell } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
    this.gateway = new GatewaySocket({
      gatewayUrl: options.gatewayUrl,
      token: options.token,
      agentVersion: options.agentVersion,
      apps: () => (isCodeServerInstalled(env) ? ["code-server"] : []),
      logger: logger.child({ part: "gateway" }),
      ...(options.backoff ? { backoff: options.backoff } : {}),
      handlers: {
        onMessage: (message) => this.route(message),
        onBinary: (frame) => this.relays.handleFrame(frame),
        onConnected: (welcome) => {
          grants.welcomed(welcome.workspaceId);
          this.peers.reportPaths({ force: true });
          void this.ports.connected();
        },
        onDisconnected: () => this.relays.closeAll(),
      },
    });
    this.peers = new PeerHost({
      signal: (message) => this.gateway.send(message),
      streams: { identity: localAgentIdentity(options.agentVersion), ptys: this.ptys, apps: this.apps, logger },
      logger: logger.child({ part: "peer" }),
      grants,
    });
    this.relays = new RelayHost({ ptys: this.ptys, transport: this.gateway, logger: logger.child({ part: "relay" }) });
  }

  start(): void {
    this.logger.info("agent starting");
    this.ports.start();
    this.gateway.start();
  }

  /** Ends every shell (attachments are told) and app, closes every peer and the gateway socket. */
  async dispose(): Promise<void> {
    this.ports.dispose();
    await this.ptys.dispose();
    await Promise.all(Object.values(this.apps).map((app) => app.dispose()));
    this.peers.dispose();
    this.relays.closeAll();
    await this.gateway.dispose();
  }

  private route(message: GatewayMessage): void {
    switch (message.type) {
      case "peer-offer":
        this.peers.handleOffer(message);
        break;
      case "peer-candidate":
        this.peers.handleCandidate(message);
        break;
      case "peer-cancel":
        this.peers.handleCancel(message);
        break;
      case "relay-open":
        this.relays.handleOpen(message);
        break;
      case "relay-close":
        this.relays.handleClose(message);
        break;
      case "error":
        this.logger.warn({ code: message.code, connectionId: message.connectionId }, message.message);
        break;
    }
  }
}
