import { useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { describeConnection, type TransportKind } from "../../modules/peer/describeConnection";
import type { PeerSnapshot } from "../../modules/peer/PeerConnection";
import type { PtyTransport } from "../../modules/terminal/PtyTransport";
import { terminalPath } from "../../modules/terminal/terminalUrl";
import { ConnectionBanner } from "./ConnectionBanner";
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
}

/** The full-window terminal: a slim bar with the connection, then the terminal. One per session. */
export function TerminalScreen({ transport, snapshot, transportKind, onRetry, ...names }: TerminalScreenProps) {
  const navigate = useNavigate();
  const { search } = useLocation();
  const [end, setEnd] = useState<SessionEnd | null>(null);
  const [searchOpen, setSearchOpen] = useState(false);
  const connection = describeConnection(snapshot.state, transportKind);

  return (
    <div className={styles.page}>
      <TerminalTopBar {...names} connection={connection} snapshot={snapshot} onSearch={() => setSearchOpen(true)} />
      {!end && <ConnectionBanner connection={connection} onRetry={onRetry} />}
      <div className={styles.body}>
        {transport && (
          <TerminalView
            transport={transport}
            onExit={(status) => setEnd({ kind: "exit", status })}
            onError={(code, message) => setEnd({ kind: "error", code, message })}
            searchOpen={searchOpen}
            onSearchOpenChange={setSearchOpen}
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
