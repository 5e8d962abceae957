import { type ConnectionDiagnostics, summarizeCandidates } from "../../modules/peer/connectionDiagnostics";
import { type ConnectionDescription, formatRtt } from "../../modules/peer/describeConnection";
import { endpointLabel, formatBytes, pathLabel, turnLabel } from "../../modules/peer/diagnosticsText";
import { cx } from "../../utils/cx";
import styles from "./ConnectionPanel.module.css";

interface ConnectionPanelProps {
  connection: ConnectionDescription;
  diagnostics: ConnectionDiagnostics | null;
  /** The STUN and TURN servers the gateway offered this connection. */
  iceServerUrls: readonly string[];
  /** The connection banner sits in the bottom right corner: end above it. */
  clearOfBanner?: boolean;
  onClose: () => void;
}

/**
 * What the network path really is, read from getStats(): the candidates each side offered,
 * the pair ICE selected (host, server-reflexive or relay on each end, and over what), its
 * round trip and bytes, and the TURN server in use. For people asking "why is this slow?".
 */
export function ConnectionPanel({
  connection,
  diagnostics,
  iceServerUrls,
  clearOfBanner = false,
  onClose,
}: ConnectionPanelProps) {
  const selected = diagnostics?.selected ?? null;
  const live = connection.state === "connected";
  return (
    <section
      className={cx(styles.panel, clearOfBanner && styles.clearOfBanner)}
      aria-label="Connection details"
      data-testid="connection-panel"
    >
      <header className={styles.header}>
        <h2 className={styles.title}>Connection</h2>
        <button type="button" className={styles.close} aria-label="Close connection details" onClick={onClose}>
          ✕
        </button>
      </header>
      {connection.state === "failed" && connection.detail && (
        <p className={styles.failure} data-testid="diag-failure">
          {connection.detail}
        </p>
      )}
      <dl className={styles.facts}>
        <dt>Path</dt>
        <dd data-testid="diag-path" data-path={live ? (diagnostics?.path ?? undefined) : undefined}>
          {pathLabel(diagnostics, live)}
        </dd>
        <dt>This browser</dt>
        <dd
          data-testid="diag-local"
          data-type={selected?.local.type}
          data-relay-protocol={selected?.local.relayProtocol ?? undefined}
        >
          {selected ? endpointLabel(selected.local) : "—"}
        </dd>
        <dt>Workspace agent</dt>
        <dd data-testid="diag-remote" data-type={selected?.remote.type}>
          {selected ? endpointLabel(selected.remote) : "—"}
        </dd>
        <dt>TURN server</dt>
        <dd data-testid="diag-turn">{turnLabel(diagnostics, iceServerUrls)}</dd>
        <dt>Round trip</dt>
        <dd data-testid="diag-rtt">{selected?.rttMs != null ? formatRtt(selected.rttMs) : "—"}</dd>
        <dt>Bytes</dt>
        <dd data-testid="diag-bytes">
          {selected ? `${formatBytes(selected.bytesSent)} sent · ${formatBytes(selected.bytesReceived)} received` : "—"}
        </dd>
        <dt>Candidates here</dt>
        <dd data-testid="diag-local-candidates">
          {diagnostics ? summarizeCandidates(diagnostics.localCandidates) : "—"}
        </dd>
        <dt>From the workspace</dt>
        <dd data-testid="diag-remote-candidates">
          {diagnostics ? summarizeCandidates(diagnostics.remoteCandidates) : "—"}
        </dd>
        <dt>ICE servers</dt>
        <dd data-testid="diag-ice-servers" className={styles.urls}>
          {iceServerUrls.length > 0 ? iceServerUrls.join("\n") : "none"}
        </dd>
      </dl>
    </section>
  );
}
