import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ProviderDetails } from "../../../protocol/rest.js";
import { ApiError } from "../../api/api";
import { deleteProvider } from "../../api/queries/providers";
import { Button } from "../../components/Button/Button";
import { Dialog } from "../../components/Dialog/Dialog";
import { ErrorAlert } from "../../components/ErrorAlert/ErrorAlert";
import styles from "./DeleteProviderDialog.module.css";

interface DeleteProviderDialogProps {
  provider: ProviderDetails;
  onClose: () => void;
}

/** Confirms deletion; a provider that still has workspaces is refused, and they are named. */
export function DeleteProviderDialog({ provider, onClose }: DeleteProviderDialogProps) {
  const queryClient = useQueryClient();
  const remove = useMutation(deleteProvider(queryClient));
  const error = remove.error;
  const residents = error instanceof ApiError && error.code === "PROVIDER_IN_USE" ? error.workspaces : [];

  return (
    <Dialog
      title={`Delete ${provider.name}?`}
      description="The gateway forgets this provider and its stored credentials. Nothing is removed from the cluster or host: a provider with workspaces cannot be deleted."
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="danger"
            loading={remove.isPending}
            disabled={residents.length > 0}
            onClick={() => remove.mutate(provider.id, { onSuccess: onClose })}
          >
            Delete provider
          </Button>
        </>
      }
    >
      {error && (
        <ErrorAlert
          error={error}
          messages={{ PROVIDER_IN_USE: `${provider.name} still has workspaces. Delete them first.` }}
          detail={
            residents.length > 0 && (
              <ul className={styles.list} aria-label={`Workspaces on ${provider.name}`}>
                {residents.map((workspace) => (
                  <li key={workspace.id}>
                    {workspace.ownerName}/{workspace.name}
                  </li>
                ))}
              </ul>
            )
          }
        />
      )}
    </Dialog>
  );
}
