import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Workspace } from "../../../protocol/rest.js";
import { startWorkspace, stopWorkspace } from "../../api/queries/workspaces";
import { Button } from "../../components/Button/Button";
import { openTerminal } from "../terminal/terminalUrl";
import { DeleteWorkspaceDialog } from "./DeleteWorkspaceDialog";
import styles from "./WorkspaceActions.module.css";

interface WorkspaceActionsProps {
  workspace: Workspace;
  size?: "sm" | "md";
  /** A failed start or stop, for the page to show. */
  onError: (error: unknown) => void;
  onDeleted?: () => void;
}

/** Terminal, start/stop and delete for one workspace, enabled by what its status allows. */
export function WorkspaceActions({ workspace, size = "md", onError, onDeleted }: WorkspaceActionsProps) {
  const queryClient = useQueryClient();
  const start = useMutation({ ...startWorkspace(queryClient), onError });
  const stop = useMutation({ ...stopWorkspace(queryClient), onError });
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const { status, name } = workspace;
  const canStop = status === "running" || status === "starting";
  const running = status === "running";

  return (
    <div className={styles.actions}>
      <Button
        size={size}
        variant={size === "md" ? "primary" : "secondary"}
        disabled={!running}
        title={running ? undefined : "Start the workspace to open a terminal"}
        aria-label={`Open a terminal in ${name}`}
        onClick={() => openTerminal(workspace.id)}
      >
        Terminal
      </Button>
      {canStop ? (
        <Button
          size={size}
          loading={stop.isPending}
          aria-label={`Stop ${name}`}
          onClick={() => stop.mutate(workspace.id)}
        >
          Stop
        </Button>
      ) : (
        <Button
          size={size}
          loading={start.isPending}
          disabled={status === "stopping"}
          aria-label={`Start ${name}`}
          onClick={() => start.mutate(workspace.id)}
        >
          Start
        </Button>
      )}
      <Button size={size} variant="ghost" aria-label={`Delete ${name}`} onClick={() => setConfirmingDelete(true)}>
        Delete
      </Button>
      {confirmingDelete && (
        <DeleteWorkspaceDialog workspace={workspace} onClose={() => setConfirmingDelete(false)} onDeleted={onDeleted} />
      )}
    </div>
  );
}
