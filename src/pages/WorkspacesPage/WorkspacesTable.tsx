import { Link } from "react-router";
import type { Workspace } from "../../../protocol/rest.js";
import table from "../../components/DataTable/DataTable.module.css";
import { Skeleton } from "../../components/Skeleton/Skeleton";
import { AgentStatus } from "../../modules/workspaces/AgentStatus";
import { PeerConnections } from "../../modules/workspaces/PeerConnections";
import { WorkspaceActions } from "../../modules/workspaces/WorkspaceActions";
import { WorkspaceStatusBadge } from "../../modules/workspaces/WorkspaceStatusBadge";
import { formatDateTime, relativeTime } from "../../utils/time";
import styles from "./WorkspacesTable.module.css";

interface WorkspacesTableProps {
  /** Undefined while loading: skeleton rows keep the layout from jumping. */
  workspaces: Workspace[] | undefined;
  onActionError: (error: unknown) => void;
}

const SKELETON_ROWS = 3;

export function WorkspacesTable({ workspaces, onActionError }: WorkspacesTableProps) {
  return (
    <div className={table.frame}>
      <table className={table.table} aria-busy={workspaces === undefined || undefined}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Provider</th>
            <th scope="col">Agent</th>
            <th scope="col">Created</th>
            <th scope="col" className={table.actionsHeader}>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {workspaces === undefined
            ? Array.from({ length: SKELETON_ROWS }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
                <tr key={i}>
                  <td>
                    <Skeleton width={140} />
                  </td>
                  <td>
                    <Skeleton width={80} />
                  </td>
                  <td>
                    <Skeleton width={110} />
                  </td>
                  <td>
                    <Skeleton width={90} />
                  </td>
                  <td>
                    <Skeleton width={70} />
                  </td>
                  <td />
                </tr>
              ))
            : workspaces.map((workspace) => (
                <tr key={workspace.id} data-testid={`workspace-row-${workspace.name}`}>
                  <td>
                    <Link to={`/workspaces/${workspace.id}`} className={styles.name}>
                      {workspace.name}
                    </Link>
                  </td>
                  <td>
                    <WorkspaceStatusBadge status={workspace.status} />
                    {workspace.status === "failed" && workspace.statusMessage && (
                      <p className={styles.failure} title={workspace.statusMessage}>
                        {workspace.statusMessage}
                      </p>
                    )}
                  </td>
                  <td className={styles.muted}>{workspace.providerName}</td>
                  <td>
                    <AgentStatus agent={workspace.agent} />
                    <PeerConnections connections={workspace.connections} />
                  </td>
                  <td className={styles.muted} title={formatDateTime(workspace.createdAt)}>
                    {relativeTime(workspace.createdAt)}
                  </td>
                  <td>
                    <WorkspaceActions workspace={workspace} size="sm" onError={onActionError} />
                  </td>
                </tr>
              ))}
        </tbody>
      </table>
    </div>
  );
}
