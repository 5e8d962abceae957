import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { type Provider, type ProviderDetails, WorkspaceName } from "../../../protocol/rest.js";
import { me } from "../../api/queries/auth";
import { providerDetailsList, providers } from "../../api/queries/providers";
import { createWorkspace } from "../../api/queries/workspaces";
import { Button } from "../../components/Button/Button";
import { Dialog } from "../../components/Dialog/Dialog";
import { ErrorAlert } from "../../components/ErrorAlert/ErrorAlert";
import { RadioGroup, type RadioOption } from "../../components/RadioGroup/RadioGroup";
import { TextField } from "../../components/TextField/TextField";
import { providerKindLabel } from "../../modules/providers/ProviderStatusBadge";
import { fieldError } from "../../utils/validation";
import styles from "./CreateWorkspaceDialog.module.css";

/** The provider every gateway has (protocol: POST /workspaces defaults to it). */
const DEFAULT_PROVIDER_ID = "local";

const usable = (provider: Provider) => provider.status === "ready" && !provider.cordoned;

/** Why an admin sees a provider they cannot pick (members are only sent usable ones). */
function unavailableReason(provider: ProviderDetails): string {
  if (provider.cordoned) return provider.cordonReason ? `Cordoned: ${provider.cordonReason}` : "Cordoned";
  if (provider.status === "pending") return "Being checked by the gateway";
  return provider.statusMessage ? `Failing: ${provider.statusMessage}` : "Failing its checks";
}

/** One provider to choose: "EU West cluster — eu-west-1"; for admins, why it cannot be picked. */
function providerOption(provider: Provider | ProviderDetails): RadioOption<string> {
  const label =
    provider.region && provider.region !== provider.name ? `${provider.name} — ${provider.region}` : provider.name;
  const kind = providerKindLabel(provider.kind);
  const available = usable(provider);
  const why = !available && "cordonReason" in provider ? unavailableReason(provider) : null;
  return { value: provider.id, label, description: why ?? kind, disabled: !available };
}

export function CreateWorkspaceDialog({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  // Admins get every provider with its details, so they also see why some cannot be picked.
  const isAdmin = useQuery(me()).data?.user.role === "admin";
  const summary = useQuery({ ...providers(), enabled: !isAdmin });
  const details = useQuery({ ...providerDetailsList(), enabled: isAdmin });
  const providerList = isAdmin ? details : summary;
  const create = useMutation(createWorkspace(queryClient));
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const [chosenProvider, setChosenProvider] = useState<string | null>(null);

  const all: (Provider | ProviderDetails)[] = providerList.data?.providers ?? [];
  const choices = all.filter(usable);
  const providerId =
    chosenProvider ?? (choices.some((p) => p.id === DEFAULT_PROVIDER_ID) ? DEFAULT_PROVIDER_ID : choices[0]?.id);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const error = fieldError(WorkspaceName, name);
    setNameError(error);
    if (error) return;
    create.mutate({ name, providerId }, { onSuccess: onClose });
  }

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
          <RadioGroup
            legend="Provider"
            name="provider"
            layout="list"
            options={all.map(providerOption)}
            value={providerId}
            disabled={!providerList.data}
            hint="Where the workspace runs"
            onChange={setChosenProvider}
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
