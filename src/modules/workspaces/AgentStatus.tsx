import type { Workspace } from "../../../protocol/rest.js";
import { StatusBadge } from "../../components/StatusBadge/StatusBadge";
import { formatDateTime, relativeTime } from "../../utils/time";
import styles from "./AgentStatus.module.css";

/** Whether the workspace's agent holds its socket to the gateway, and when it was last heard. */
export function AgentStatus({ agent }: { agent: Workspace["agent"] }) {
  const connected = agent.connection === "connected";
  return (
    <span className={styles.agent}>
      <StatusBadge
        variant="dot"
        tone={connected ? "success" : "neutral"}
        label={connected ? "Connected" : "Disconnected"}
      />
      {!connected && (
        <span className={styles.seen} title={agent.lastSeenAt ? formatDateTime(agent.lastSeenAt) : undefined}>
          {agent.lastSeenAt ? `last seen ${relativeTime(agent.lastSeenAt)}` : "never connected"}
        </span>
      )}
    </span>
  );
}
