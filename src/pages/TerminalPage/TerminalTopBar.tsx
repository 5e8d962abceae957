import { Link } from "react-router";
import type { ConnectionDescription } from "../../modules/peer/describeConnection";
import type { PeerSnapshot } from "../../modules/peer/PeerConnection";
import { ConnectionBadge } from "./ConnectionBadge";
import { RoundTripTime } from "./RoundTripTime";
import styles from "./TerminalPage.module.css";

interface TerminalTopBarProps {
  workspaceId: string;
  workspaceName: string | null;
  sessionId: string;
  connection: ConnectionDescription;
  snapshot: PeerSnapshot;
  onSearch: () => void;
  /** Whether the connection panel is open; null when there is no peer connection to show. */
  detailsOpen?: boolean | null;
  onToggleDetails?: () => void;
}

export function TerminalTopBar({
  workspaceId,
  workspaceName,
  sessionId,
  connection,
  snapshot,
  onSearch,
  detailsOpen = null,
  onToggleDetails,
}: TerminalTopBarProps) {
  return (
    <header className={styles.topBar}>
      <Link to={`/workspaces/${workspaceId}`} className={styles.workspace} title="Back to the workspace">
        <span aria-hidden>←</span> {workspaceName ?? "Workspace"}
      </Link>
      <span className={styles.session} title={`Session ${sessionId}`} data-testid="session-id">
        session {sessionId.slice(0, 8)}
      </span>
      {snapshot.agent && (
        <span className={styles.session} title={`Agent ${snapshot.agent.agentVersion} on ${snapshot.agent.os}`}>
          on {snapshot.agent.hostname}
        </span>
      )}
      <div className={styles.topBarEnd}>
        <ConnectionBadge connection={connection} />
        {connection.state === "connected" && (
          <RoundTripTime pingRttMs={snapshot.pingRttMs} iceRttMs={snapshot.iceRttMs} />
        )}
        {detailsOpen !== null && (
          <button
            type="button"
            className={styles.iconButton}
            aria-label="Connection details"
            aria-expanded={detailsOpen}
            title="Connection details: path, candidates, TURN server, bytes"
            onClick={onToggleDetails}
          >
            <svg
              width="14"
              height="14"
              viewBox="0 0 16 16"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.75"
              aria-hidden
            >
              <circle cx="3" cy="8" r="2" />
              <circle cx="13" cy="8" r="2" />
              <path d="M5 8h6" strokeLinecap="round" />
            </svg>
          </button>
        )}
        <button
          type="button"
          className={styles.iconButton}
          aria-label="Find in the terminal (Ctrl+Shift+F)"
          onClick={onSearch}
        >
          <svg
            width="14"
            height="14"
            viewBox="0 0 16 16"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.75"
            aria-hidden
          >
            <circle cx="7" cy="7" r="4.5" />
            <path d="m10.5 10.5 3.5 3.5" strokeLinecap="round" />
          </svg>
        </button>
      </div>
    </header>
  );
}
