import { useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { describeConnection, type TransportKind } from "../../modules/peer/describeConnection";
import type { PeerHost, PeerSnapshot } from "../../modules/peer/PeerConnection";
import { useConnectionDiagnostics } from "../../modules/peer/useConnectionDiagnostics";
import type { PtyTransport } from "../../modules/terminal/PtyTransport";
import { terminalPath } from "../../modules/terminal/terminalUrl";
import { ConnectionBanner } from "./ConnectionBanner";
import { ConnectionPanel } from "./ConnectionPanel";
import { type SessionEnd, SessionEnded } from "./SessionEnded";
import styles from "./TerminalPage.module.css";
import { TerminalTopBar } from "./TerminalTopBar";
import { TerminalView } from "./TerminalView";

export interface TerminalScreenProps {
  workspaceId: string;
  workspaceName: string | null;
  sessionId: string;
  transportKind: TransportKind;
  /** Null until the connection exists. */
  transport: PtyTransport | null;
  snapshot: PeerSnapshot;
  onRetry: () => void;
  /** The peer connection the diagnostics panel reads; null without one (the bench relay). */
  peerHost?: PeerHost | null;
}

/** The full-window terminal: a slim bar with the connection, then the terminal. One per session. */
export function TerminalScreen({
  transport,
  snapshot,
  transportKind,
  onRetry,
  peerHost = null,
  ...names
}: TerminalScreenProps) {
  const navigate = useNavigate();
  const { search } = useLocation();
  const [end, setEnd] = useState<SessionEnd | null>(null);
  const [searchOpen, setSearchOpen] = useState(false);
  const [detailsOpen, setDetailsOpen] = useState(false);
  const connection = describeConnection(snapshot.state, transportKind);
  const diagnostics = useConnectionDiagnostics(peerHost, detailsOpen);

  return (
    <div className={styles.page}>
      <TerminalTopBar
        {...names}
        connection={connection}
        snapshot={snapshot}
        onSearch={() => setSearchOpen(true)}
        detailsOpen={peerHost ? detailsOpen : null}
        onToggleDetails={() => setDetailsOpen((open) => !open)}
      />
      <div className={styles.body}>
        {/* Over the terminal, not above it: a reconnect must not resize the shell. */}
        {!end && <ConnectionBanner connection={connection} onRetry={onRetry} />}
        {transport && (
          <TerminalView
            transport={transport}
            onExit={(status) => setEnd({ kind: "exit", status })}
            onError={(code, message) => setEnd({ kind: "error", code, message })}
            searchOpen={searchOpen}
            onSearchOpenChange={setSearchOpen}
          />
        )}
        {detailsOpen && peerHost && (
          <ConnectionPanel
            connection={connection}
            diagnostics={diagnostics}
            iceServerUrls={snapshot.iceServerUrls}
            clearOfBanner={!end && (connection.state === "reconnecting" || connection.state === "failed")}
            onClose={() => setDetailsOpen(false)}
          />
        )}
        {end && (
          <SessionEnded
            end={end}
            onNewSession={() => navigate(terminalPath(names.workspaceId, crypto.randomUUID()) + search)}
          />
        )}
      </div>
    </div>
  );
}
