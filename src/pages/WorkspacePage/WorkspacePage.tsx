import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { workspace as workspaceQuery } from "../../api/queries/workspaces";
import { Button } from "../../components/Button/Button";
import { ErrorAlert } from "../../components/ErrorAlert/ErrorAlert";
import { PageHeader } from "../../components/layout/PageHeader";
import { Skeleton } from "../../components/Skeleton/Skeleton";
import { usePageTitle } from "../../hooks/usePageTitle";
import { WorkspaceApps } from "../../modules/apps/WorkspaceApps";
import { WorkspaceActions } from "../../modules/workspaces/WorkspaceActions";
import { WorkspaceStatusBadge } from "../../modules/workspaces/WorkspaceStatusBadge";
import { WorkspaceDetails } from "./WorkspaceDetails";
import styles from "./WorkspacePage.module.css";

export function WorkspacePage() {
  const { workspaceId = "" } = useParams();
  const navigate = useNavigate();
  const query = useQuery(workspaceQuery(workspaceId));
  const [actionError, setActionError] = useState<unknown>(null);
  const workspace = query.data;
  usePageTitle(workspace?.name ?? "Workspace");

  const back = <Link to="/">← Workspaces</Link>;

  if (query.error) {
    return (
      <>
        <PageHeader eyebrow={back} title="Workspace" />
        <ErrorAlert
          error={query.error}
          messages={{ NOT_FOUND: "This workspace does not exist, or it is not yours." }}
          action={
            <Button size="sm" onClick={() => query.refetch()}>
              Retry
            </Button>
          }
        />
      </>
    );
  }

  return (
    <>
      <PageHeader
        eyebrow={back}
        title={
          workspace ? (
            <>
              {workspace.name}
              <WorkspaceStatusBadge status={workspace.status} />
            </>
          ) : (
            <Skeleton width={220} height={28} />
          )
        }
        description={workspace ? `${workspace.providerName} · owned by ${workspace.ownerName}` : undefined}
        actions={
          workspace && (
            <WorkspaceActions
              workspace={workspace}
              onError={setActionError}
              onDeleted={() => navigate("/", { replace: true })}
            />
          )
        }
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
      {workspace?.status === "failed" && workspace.statusMessage && (
        <div className={styles.failure} role="status">
          <strong>The workspace failed.</strong> {workspace.statusMessage}
        </div>
      )}
      <WorkspaceDetails workspace={workspace} />
      {workspace && <WorkspaceApps workspace={workspace} />}
    </>
  );
}
