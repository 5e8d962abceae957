import {
  type ConnectionDiagnostics,
  connectionDiagnostics,
  summarizeCandidates,
} from "../../modules/peer/connectionDiagnostics";
import { describeConnection, formatRtt } from "../../modules/peer/describeConnection";
import { endpointLabel, formatBytes, pathLabel, turnLabel } from "../../modules/peer/diagnosticsText";
import type { PeerConnection } from "../../modules/peer/PeerConnection";

/** How often the open panel reads getStats(), as on the terminal page. */
const STATS_INTERVAL_MS = 1000;

/**
 * The app page's connection badge and panel, like the terminal page's: a small badge in a
 * corner (state, path, round trip) that opens the facts read from getStats(): the selected
 * pair, candidates, TURN server, bytes. Same test hooks as the terminal page:
 * `connection-state` (data-state, data-path) and `connection-panel` with its `diag-*` facts.
 */
export class ConnectionInfo {
  private readonly badge = document.createElement("button");
  private readonly panel = document.createElement("section");
  private peer: RTCPeerConnection | null = null;
  private diagnostics: ConnectionDiagnostics | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    parent: HTMLElement,
    private readonly connection: PeerConnection,
  ) {
    this.badge.type = "button";
    this.badge.className = "connection-badge";
    this.badge.dataset.testid = "connection-state";
    this.badge.setAttribute("aria-expanded", "false");
    this.badge.addEventListener("click", () => this.toggle());
    this.panel.className = "connection-panel";
    this.panel.dataset.testid = "connection-panel";
    this.panel.setAttribute("aria-label", "Connection details");
    this.panel.hidden = true;
    parent.append(this.panel, this.badge);
    connection.onPeer((peer) => {
      this.peer = peer;
      void this.read();
    });
    connection.subscribe(() => this.render());
    this.render();
  }

  private toggle(): void {
    const open = this.panel.hidden;
    this.panel.hidden = !open;
    this.badge.setAttribute("aria-expanded", String(open));
    clearInterval(this.timer);
    if (open) {
      void this.read();
      this.timer = setInterval(() => void this.read(), STATS_INTERVAL_MS);
    }
  }

  private async read(): Promise<void> {
    const peer = this.peer;
    if (!peer || this.panel.hidden) return;
    try {
      const report = await peer.getStats();
      if (peer !== this.peer) return;
      this.diagnostics = connectionDiagnostics(report);
      this.render();
    } catch {
      // A closed connection has no stats; the last reading stays.
    }
  }

  private render(): void {
    const snapshot = this.connection.getSnapshot();
    const description = describeConnection(snapshot.state, "webrtc");
    const rtt = snapshot.pingRttMs ?? snapshot.iceRttMs;
    this.badge.dataset.state = description.state;
    if (description.path) this.badge.dataset.path = description.path;
    else delete this.badge.dataset.path;
    this.badge.textContent = `${description.label}${description.state === "connected" && rtt !== null ? ` · ${formatRtt(rtt)}` : ""}`;
    this.badge.title = "Connection details";
    if (!this.panel.hidden) this.renderPanel(description.state === "connected", snapshot.iceServerUrls);
  }

  private renderPanel(connected: boolean, iceServerUrls: readonly string[]): void {
    const diagnostics = this.diagnostics;
    const selected = diagnostics?.selected ?? null;
    const facts: [string, string, string][] = [
      ["Path", "diag-path", pathLabel(diagnostics, connected)],
      ["This browser", "diag-local", selected ? endpointLabel(selected.local) : "—"],
      ["Workspace agent", "diag-remote", selected ? endpointLabel(selected.remote) : "—"],
      ["TURN server", "diag-turn", turnLabel(diagnostics, iceServerUrls)],
      ["Round trip", "diag-rtt", selected?.rttMs != null ? formatRtt(selected.rttMs) : "—"],
      [
        "Bytes",
        "diag-bytes",
        selected ? `${formatBytes(selected.bytesSent)} sent · ${formatBytes(selected.bytesReceived)} received` : "—",
      ],
      [
        "Candidates here",
        "diag-local-candidates",
        diagnostics ? summarizeCandidates(diagnostics.localCandidates) : "—",
      ],
      [
        "From the workspace",
        "diag-remote-candidates",
        diagnostics ? summarizeCandidates(diagnostics.remoteCandidates) : "—",
      ],
      ["ICE servers", "diag-ice-servers", iceServerUrls.length > 0 ? iceServerUrls.join("\n") : "none"],
    ];
    const list = document.createElement("dl");
    for (const [term, testId, value] of facts) {
      const dt = document.createElement("dt");
      dt.textContent = term;
      const dd = document.createElement("dd");
      dd.dataset.testid = testId;
      dd.textContent = value;
      if (testId === "diag-path" && connected && diagnostics?.path) dd.dataset.path = diagnostics.path;
      if (testId === "diag-local" && selected) dd.dataset.type = selected.local.type;
      if (testId === "diag-remote" && selected) dd.dataset.type = selected.remote.type;
      list.append(dt, dd);
    }
    const title = document.createElement("h2");
    title.textContent = "Connection";
    this.panel.replaceChildren(title, list);
  }
}
