import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Workspace } from "../../../protocol/rest.js";
import { deleteWorkspace } from "../../api/queries/workspaces";
import { Button } from "../../components/Button/Button";
import { Dialog } from "../../components/Dialog/Dialog";
import { ErrorAlert } from "../../components/ErrorAlert/ErrorAlert";

interface DeleteWorkspaceDialogProps {
  workspace: Workspace;
  onClose: () => void;
  onDeleted?: () => void;
}

export function DeleteWorkspaceDialog({ workspace, onClose, onDeleted }: DeleteWorkspaceDialogProps) {
  const queryClient = useQueryClient();
  const remove = useMutation(deleteWorkspace(queryClient));
  return (
    <Dialog
      title={`Delete ${workspace.name}?`}
      description="The workspace is stopped and its files are removed. Open terminals end. This cannot be undone."
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="danger"
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(workspace.id, {
                onSuccess: () => {
                  onClose();
                  onDeleted?.();
                },
              })
            }
          >
            Delete workspace
          </Button>
        </>
      }
    >
      {remove.error && <ErrorAlert error={remove.error} />}
    </Dialog>
  );
}
