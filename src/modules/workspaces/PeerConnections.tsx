import type { WorkspaceConnection } from "../../../protocol/rest.js";
import { formatDateTime } from "../../utils/time";
import styles from "./AgentStatus.module.css";

const CANDIDATE_WORDS: Record<WorkspaceConnection["agentCandidate"], string> = {
  host: "host",
  srflx: "server-reflexive",
  prflx: "peer-reflexive",
  relay: "relay",
  unknown: "unknown",
};

/** "1 connection · direct", "3 connections · 2 direct, 1 relayed"; null when there are none. */
export function describePeerConnections(connections: readonly WorkspaceConnection[]): string | null {
  if (connections.length === 0) return null;
  const direct = connections.filter((connection) => connection.path === "direct").length;
  const relayed = connections.length - direct;
  const count = `${connections.length} connection${connections.length === 1 ? "" : "s"}`;
  if (relayed === 0) return `${count} · direct`;
  if (direct === 0) return `${count} · relayed`;
  return `${count} · ${direct} direct, ${relayed} relayed`;
}

function detail(connection: WorkspaceConnection): string {
  const ends = `agent ${CANDIDATE_WORDS[connection.agentCandidate]} ↔ browser ${CANDIDATE_WORDS[connection.browserCandidate]}`;
  return `${connection.path} (${ends}, ${connection.protocol}) since ${formatDateTime(connection.connectedAt)}`;
}

/**
 * Browsers connected to the workspace's agent right now and whether each is peer-to-peer or
 * relayed through TURN, as the agent reported its selected candidate pairs.
 */
export function PeerConnections({ connections }: { connections: readonly WorkspaceConnection[] | undefined }) {
  const summary = describePeerConnections(connections ?? []);
  if (!summary) return null;
  return (
    <span
      className={styles.connections}
      data-testid="peer-connections"
      title={(connections ?? []).map(detail).join("\n")}
    >
      {summary}
    </span>
  );
}
