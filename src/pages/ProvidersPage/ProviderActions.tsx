import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ProviderDetails } from "../../../protocol/rest.js";
import { uncordonProvider } from "../../api/queries/providers";
import { Button } from "../../components/Button/Button";
import { CordonProviderDialog } from "./CordonProviderDialog";
import { DeleteProviderDialog } from "./DeleteProviderDialog";
import { ProviderFormDialog } from "./ProviderFormDialog";
import styles from "./ProvidersTable.module.css";
import { TestConnectionDialog } from "./TestConnectionDialog";

type OpenDialog = "test" | "edit" | "cordon" | "delete" | null;

interface ProviderActionsProps {
  provider: ProviderDetails;
  /** A failed uncordon, for the page to show (the dialogs show their own errors). */
  onError: (error: unknown) => void;
}

/** Test, edit, cordon or uncordon, and delete (never for the built-in local provider). */
export function ProviderActions({ provider, onError }: ProviderActionsProps) {
  const queryClient = useQueryClient();
  const uncordon = useMutation({ ...uncordonProvider(queryClient), onError });
  const [open, setOpen] = useState<OpenDialog>(null);
  const close = () => setOpen(null);
  const { name } = provider;

  return (
    <div className={styles.actions}>
      <Button size="sm" aria-label={`Test connection to ${name}`} onClick={() => setOpen("test")}>
        Test
      </Button>
      <Button size="sm" aria-label={`Edit ${name}`} onClick={() => setOpen("edit")}>
        Edit
      </Button>
      {provider.cordoned ? (
        <Button
          size="sm"
          aria-label={`Uncordon ${name}`}
          loading={uncordon.isPending}
          onClick={() => uncordon.mutate(provider.id)}
        >
          Uncordon
        </Button>
      ) : (
        <Button size="sm" aria-label={`Cordon ${name}`} onClick={() => setOpen("cordon")}>
          Cordon
        </Button>
      )}
      {provider.kind !== "local" && (
        <Button size="sm" variant="ghost" aria-label={`Delete ${name}`} onClick={() => setOpen("delete")}>
          Delete
        </Button>
      )}
      {open === "test" && <TestConnectionDialog provider={provider} onClose={close} />}
      {open === "edit" && <ProviderFormDialog provider={provider} onClose={close} />}
      {open === "cordon" && <CordonProviderDialog provider={provider} onClose={close} />}
      {open === "delete" && <DeleteProviderDialog provider={provider} onClose={close} />}
    </div>
  );
}
