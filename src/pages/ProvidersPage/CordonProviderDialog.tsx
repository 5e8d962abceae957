import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { CordonProviderRequest, type ProviderDetails } from "../../../protocol/rest.js";
import { cordonProvider } from "../../api/queries/providers";
import { Button } from "../../components/Button/Button";
import { Dialog } from "../../components/Dialog/Dialog";
import { ErrorAlert } from "../../components/ErrorAlert/ErrorAlert";
import { TextField } from "../../components/TextField/TextField";
import { fieldError } from "../../utils/validation";

interface CordonProviderDialogProps {
  provider: ProviderDetails;
  onClose: () => void;
}

/** Asks why, then keeps new workspaces away from the provider; existing ones keep running. */
export function CordonProviderDialog({ provider, onClose }: CordonProviderDialogProps) {
  const queryClient = useQueryClient();
  const cordon = useMutation(cordonProvider(queryClient));
  const formId = useId();
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const reasonSchema = CordonProviderRequest.shape.reason;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const error = fieldError(reasonSchema, reason);
    setReasonError(error);
    if (error) return;
    cordon.mutate({ id: provider.id, body: { reason: reason.trim() } }, { onSuccess: onClose });
  }

  return (
    <Dialog
      title={`Cordon ${provider.name}?`}
      description="No new workspaces are placed there. Existing ones keep running and can still be started and stopped."
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" loading={cordon.isPending}>
            Cordon provider
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={onSubmit} noValidate>
        {cordon.error && <ErrorAlert error={cordon.error} />}
        <TextField
          label="Reason"
          name="reason"
          placeholder="Node pool upgrade until Friday"
          hint="Admins see it next to the provider."
          value={reason}
          error={reasonError}
          autoComplete="off"
          onChange={(e) => {
            setReason(e.target.value);
            if (reasonError) setReasonError(fieldError(reasonSchema, e.target.value));
          }}
        />
      </form>
    </Dialog>
  );
}
