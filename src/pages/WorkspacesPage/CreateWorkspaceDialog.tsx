import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { type Provider, WorkspaceName } from "../../../protocol/rest.js";
import { providers } from "../../api/queries/providers";
import { createWorkspace } from "../../api/queries/workspaces";
import { Button } from "../../components/Button/Button";
import { Dialog } from "../../components/Dialog/Dialog";
import { ErrorAlert } from "../../components/ErrorAlert/ErrorAlert";
import { SelectField } from "../../components/SelectField/SelectField";
import { TextField } from "../../components/TextField/TextField";
import { fieldError } from "../../utils/validation";
import styles from "./CreateWorkspaceDialog.module.css";

/** The provider every gateway has (protocol: POST /workspaces defaults to it). */
const DEFAULT_PROVIDER_ID = "local";

/** Names the provider and, when it cannot take workspaces, why not. */
function providerLabel(provider: Provider): string {
  const where = provider.region === provider.kind ? provider.kind : `${provider.kind}, ${provider.region}`;
  const label = `${provider.name} (${where})`;
  if (provider.cordoned) return `${label} — cordoned`;
  if (provider.status !== "ready") return `${label} — ${provider.status}`;
  return label;
}

export function CreateWorkspaceDialog({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const providerList = useQuery(providers());
  const create = useMutation(createWorkspace(queryClient));
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const [chosenProvider, setChosenProvider] = useState<string | null>(null);

  const usable = (providerList.data?.providers ?? []).filter((p) => p.status === "ready" && !p.cordoned);
  const providerId =
    chosenProvider ?? (usable.some((p) => p.id === DEFAULT_PROVIDER_ID) ? DEFAULT_PROVIDER_ID : usable[0]?.id);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const error = fieldError(WorkspaceName, name);
    setNameError(error);
    if (error) return;
    create.mutate({ name, providerId }, { onSuccess: onClose });
  }

  const options = (providerList.data?.providers ?? []).map((p) => ({
    value: p.id,
    label: providerLabel(p),
    disabled: p.status !== "ready" || p.cordoned,
  }));

  return (
    <Dialog
      title="New workspace"
      description="A workspace is a machine of your own with a shell and your tools. It starts right away."
      onClose={onClose}
    >
      <form className={styles.form} onSubmit={onSubmit} noValidate>
        {create.error && (
          <ErrorAlert error={create.error} messages={{ CONFLICT: "You already have a workspace with this name." }} />
        )}
        <TextField
          label="Name"
          name="name"
          placeholder="my-project"
          hint="Lowercase letters, digits and dashes, up to 32 characters"
          value={name}
          error={nameError}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => {
            setName(e.target.value);
            if (nameError) setNameError(fieldError(WorkspaceName, e.target.value));
          }}
        />
        {providerList.error ? (
          <ErrorAlert error={providerList.error} />
        ) : (
          <SelectField
            label="Provider"
            name="provider"
            options={options}
            value={providerId ?? ""}
            disabled={!providerList.data}
            hint="Where the workspace runs"
            onChange={(e) => setChosenProvider(e.target.value)}
          />
        )}
        <div className={styles.footer}>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" loading={create.isPending} disabled={!providerId}>
            Create workspace
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
