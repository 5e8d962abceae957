import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { providerDetailsList } from "../../api/queries/providers";
import { Button } from "../../components/Button/Button";
import { EmptyState } from "../../components/EmptyState/EmptyState";
import { ErrorAlert } from "../../components/ErrorAlert/ErrorAlert";
import { PageHeader } from "../../components/layout/PageHeader";
import { usePageTitle } from "../../hooks/usePageTitle";
import { ProviderFormDialog } from "./ProviderFormDialog";
import styles from "./ProvidersPage.module.css";
import { ProvidersTable } from "./ProvidersTable";

/** Admins only (RequireAdmin): where workspaces run, their health, and their settings. */
export function ProvidersPage() {
  usePageTitle("Providers");
  const list = useQuery(providerDetailsList());
  const [creating, setCreating] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const providers = list.data?.providers;
  const addButton = (
    <Button variant="primary" onClick={() => setCreating(true)}>
      Add provider
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Providers"
        description="Places where workspaces run: this machine, Kubernetes clusters and Docker hosts, in any region. Agents dial out to the gateway; nothing listens inside a cluster or on a host."
        actions={providers && providers.length > 0 ? addButton : undefined}
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
      ) : providers?.length === 0 ? (
        <div className={styles.emptyFrame}>
          <EmptyState
            icon={<ProviderIcon />}
            title="No providers"
            description="Add a Kubernetes cluster or a Docker host so that workspaces have somewhere to run."
            action={addButton}
          />
        </div>
      ) : (
        <>
          <ProvidersTable providers={providers} onActionError={setActionError} />
          {providers?.every((provider) => provider.kind === "local") && (
            <p className={styles.onlyLocal}>
              Only the built-in provider so far: workspaces run on the gateway's own machine. Add a Kubernetes cluster
              or a Docker host to run them closer to your developers.
            </p>
          )}
        </>
      )}
      {creating && <ProviderFormDialog onClose={() => setCreating(false)} />}
    </>
  );
}

function ProviderIcon() {
  return (
    <svg width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.75" aria-hidden>
      <rect x="3" y="4" width="18" height="6" rx="1.5" />
      <rect x="3" y="14" width="18" height="6" rx="1.5" />
      <path d="M7 7h.01M7 17h.01" strokeLinecap="round" strokeWidth="2.5" />
    </svg>
  );
}
