import type { ReactNode } from "react";
import type { Workspace } from "../../../protocol/rest.js";
import card from "../../components/Card/Card.module.css";
import { Skeleton } from "../../components/Skeleton/Skeleton";
import { AgentStatus } from "../../modules/workspaces/AgentStatus";
import { describePeerConnections, PeerConnections } from "../../modules/workspaces/PeerConnections";
import { WorkspaceStatusBadge } from "../../modules/workspaces/WorkspaceStatusBadge";
import { formatDateTime } from "../../utils/time";
import styles from "./WorkspacePage.module.css";

/** The facts about one workspace, in two cards: the workspace and its agent. */
export function WorkspaceDetails({ workspace }: { workspace: Workspace | undefined }) {
  const value = (render: (w: Workspace) => ReactNode) => (workspace ? render(workspace) : <Skeleton width={160} />);
  return (
    <div className={styles.cards}>
      <section className={card.card} aria-labelledby="workspace-heading">
        <h2 id="workspace-heading" className={card.title}>
          Workspace
        </h2>
        <dl className={styles.facts}>
          <dt>Status</dt>
          <dd>
            {value((w) => (
              <WorkspaceStatusBadge status={w.status} />
            ))}
          </dd>
          <dt>Provider</dt>
          <dd>{value((w) => w.providerName)}</dd>
          <dt>Owner</dt>
          <dd>{value((w) => w.ownerName)}</dd>
          <dt>Created</dt>
          <dd>{value((w) => formatDateTime(w.createdAt))}</dd>
          <dt>ID</dt>
          <dd>
            {value((w) => (
              <code className={styles.id}>{w.id}</code>
            ))}
          </dd>
        </dl>
      </section>
      <section className={card.card} aria-labelledby="agent-heading">
        <h2 id="agent-heading" className={card.title}>
          Agent
        </h2>
        <dl className={styles.facts}>
          <dt>Connection</dt>
          <dd>
            {value((w) => (
              <AgentStatus agent={w.agent} />
            ))}
          </dd>
          <dt>Browsers</dt>
          <dd>
            {value((w) =>
              describePeerConnections(w.connections ?? []) ? <PeerConnections connections={w.connections} /> : "None",
            )}
          </dd>
          <dt>Version</dt>
          <dd>{value((w) => w.agent.version ?? "—")}</dd>
          <dt>Last seen</dt>
          <dd>{value((w) => (w.agent.lastSeenAt ? formatDateTime(w.agent.lastSeenAt) : "Never"))}</dd>
        </dl>
        <p className={styles.note}>
          The agent dials out to the gateway. Terminals then connect straight from this browser to the agent over
          WebRTC; the gateway only introduces them.
        </p>
      </section>
    </div>
  );
}
