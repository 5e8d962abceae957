import { API_PREFIX } from "../../../protocol/rest.js";
import { INITIAL_PEER_SNAPSHOT, type PeerSnapshot } from "../peer/PeerConnection";
import { clampSize, type PtySize, type PtyStream, type PtyStreamHandlers, type PtyTransport } from "./PtyTransport";
import { RelayPtyStream } from "./RelayPtyStream";

/**
 * Bench mode only (`?transport=relay`): terminal bytes through the gateway over
 * `WS /api/v1/workspaces/:id/bench-relay` (protocol/relay.ts), the reverse-proxy design
 * Gangway replaces, kept so `npm run bench` can measure against it. Binary frames both
 * ways; the replay comes first; there is no `attached` message, no resize and no reconnect.
 */
export class RelayPtyTransport implements PtyTransport {
  private snapshot: PeerSnapshot = INITIAL_PEER_SNAPSHOT;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly workspaceId: string,
    private readonly session: string,
    private readonly location: Pick<Location, "protocol" | "host"> = window.location,
  ) {}

  getSnapshot = (): PeerSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  connect(size: PtySize, handlers: PtyStreamHandlers): PtyStream {
    const { cols, rows } = clampSize(size);
    const scheme = this.location.protocol === "https:" ? "wss" : "ws";
    const query = new URLSearchParams({ session: this.session, cols: String(cols), rows: String(rows) });
    const path = `${API_PREFIX}/workspaces/${encodeURIComponent(this.workspaceId)}/bench-relay?${query}`;
    this.setState({ kind: "connecting" });
    return new RelayPtyStream(`${scheme}://${this.location.host}${path}`, handlers, (state) => this.setState(state));
  }

  private setState(state: PeerSnapshot["state"]): void {
    this.snapshot = { ...this.snapshot, state };
    for (const listener of this.listeners) listener();
  }
}
