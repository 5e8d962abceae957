import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { workspaces } from "../../api/queries/workspaces";
import { Button } from "../../components/Button/Button";
import { EmptyState } from "../../components/EmptyState/EmptyState";
import { ErrorAlert } from "../../components/ErrorAlert/ErrorAlert";
import { PageHeader } from "../../components/layout/PageHeader";
import { usePageTitle } from "../../hooks/usePageTitle";
import { CreateWorkspaceDialog } from "./CreateWorkspaceDialog";
import styles from "./WorkspacesPage.module.css";
import { WorkspacesTable } from "./WorkspacesTable";

/** The dashboard: the signed-in user's workspaces. */
export function WorkspacesPage() {
  usePageTitle("Workspaces");
  const list = useQuery(workspaces());
  const [creating, setCreating] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const newButton = (
    <Button variant="primary" onClick={() => setCreating(true)}>
      New workspace
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Workspaces"
        description="Machines with your code and tools. Terminals connect to them directly from this browser."
        actions={list.data && list.data.workspaces.length > 0 ? newButton : undefined}
      />
      {actionError !== null && (
        <ErrorAlert
          className={styles.alert}
          error={actionError}
          action={
            <Button size="sm" variant="ghost" onClick={() => setActionError(null)}>
              Dismiss
            </Button>
          }
        />
      )}
      {list.error ? (
        <ErrorAlert
          error={list.error}
          action={
            <Button size="sm" onClick={() => list.refetch()}>
              Retry
            </Button>
          }
        />
      ) : list.data?.workspaces.length === 0 ? (
        <div className={styles.emptyFrame}>
          <EmptyState
            icon={<WorkspaceIcon />}
            title="No workspaces yet"
            description="Create a workspace to get a shell of your own. It starts right away, and you can open a terminal in a new tab as soon as it is running."
            action={newButton}
          />
        </div>
      ) : (
        <WorkspacesTable workspaces={list.data?.workspaces} onActionError={setActionError} />
      )}
      {creating && <CreateWorkspaceDialog onClose={() => setCreating(false)} />}
    </>
  );
}

function WorkspaceIcon() {
  return (
    <svg width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.75" aria-hidden>
      <rect x="3" y="4" width="18" height="14" rx="2" />
      <path d="m7 9 3 2.5L7 14M12 14h5" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M8 21h8" strokeLinecap="round" />
    </svg>
  );
}
