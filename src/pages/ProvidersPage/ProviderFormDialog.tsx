import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useRef, useState } from "react";
import { flushSync } from "react-dom";
import type { ProviderDetails } from "../../../protocol/rest.js";
import { createProvider, updateProvider } from "../../api/queries/providers";
import { Button } from "../../components/Button/Button";
import { Dialog } from "../../components/Dialog/Dialog";
import { ErrorAlert } from "../../components/ErrorAlert/ErrorAlert";
import { RadioGroup } from "../../components/RadioGroup/RadioGroup";
import { TextField } from "../../components/TextField/TextField";
import {
  belongsTo,
  createRequest,
  DOCKER_PATHS,
  type DockerValues,
  emptyValues,
  KUBERNETES_PATHS,
  type KubernetesValues,
  type ProviderFormValues,
  type RemoteKind,
  serverFieldError,
  TURN_URLS_PATH,
  updateRequest,
  valuesOf,
} from "../../modules/providers/providerForm";
import type { FieldErrors } from "../../utils/validation";
import { DockerFields } from "./DockerFields";
import { KubernetesFields } from "./KubernetesFields";
import styles from "./ProviderFormDialog.module.css";
import { TurnServersField } from "./TurnServersField";

interface ProviderFormDialogProps {
  /** The provider to edit; absent to create one. */
  provider?: ProviderDetails;
  onClose: () => void;
}

/** Fields whose change can make other fields' problems go away (the CA with "skip TLS", the kind). */
const TOGGLES: ReadonlySet<string> = new Set([
  "kind",
  KUBERNETES_PATHS.insecureSkipTlsVerify,
  DOCKER_PATHS.endpointType,
]);

/**
 * Creates a Kubernetes or Docker provider, or edits any provider. Every field is checked with
 * the protocol's schema before anything is sent; a refusal from the gateway that names a
 * field is shown at that field.
 */
export function ProviderFormDialog({ provider, onClose }: ProviderFormDialogProps) {
  const queryClient = useQueryClient();
  const create = useMutation(createProvider(queryClient));
  const update = useMutation(updateProvider(queryClient));
  const formId = useId();
  const form = useRef<HTMLFormElement>(null);
  const [initial] = useState(() => (provider ? valuesOf(provider) : emptyValues("kubernetes")));
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});

  function validate(next: ProviderFormValues) {
    return provider ? updateRequest(next, initial) : createRequest(next);
  }

  /** Shows the problems and moves focus to the first field marked wrong, in the form's order. */
  function showErrors(next: FieldErrors) {
    flushSync(() => setErrors(next));
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  /**
   * Applies a change; a field already marked wrong is checked again as the admin fixes it. A
   * toggle rechecks every marked field; the TURN field all its lines ("turnUrls.<index>").
   */
  function change(next: ProviderFormValues, path: string) {
    setValues(next);
    const rechecks = (p: string) => (TOGGLES.has(path) ? Object.hasOwn(errors, p) : belongsTo(p, path));
    if (!Object.keys(errors).some(rechecks)) return;
    const result = validate(next);
    const fresh = result.ok ? {} : result.errors;
    setErrors((previous) => {
      const merged = Object.fromEntries(Object.entries(previous).filter(([p]) => !rechecks(p)));
      for (const [p, problem] of Object.entries(fresh)) {
        if (rechecks(p)) merged[p] = problem;
      }
      return merged;
    });
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const onError = (error: unknown) => {
      const field = serverFieldError(error);
      if (field) showErrors(field);
    };
    if (provider) {
      const result = updateRequest(values, initial);
      if (!result.ok) return showErrors(result.errors);
      setErrors({});
      update.mutate({ id: provider.id, body: result.body }, { onSuccess: onClose, onError });
    } else {
      const result = createRequest(values);
      if (!result.ok) return showErrors(result.errors);
      setErrors({});
      create.mutate(result.body, { onSuccess: onClose, onError });
    }
  }

  const saving = provider ? update : create;
  // A refusal that names a field is shown there; anything else goes in the alert.
  const alertError = saving.error && !serverFieldError(saving.error) ? saving.error : null;
  const setKubernetes = <K extends keyof KubernetesValues>(key: K, value: KubernetesValues[K]) =>
    change({ ...values, kubernetes: { ...values.kubernetes, [key]: value } }, KUBERNETES_PATHS[key]);
  const setDocker = <K extends keyof DockerValues>(key: K, value: DockerValues[K]) =>
    change({ ...values, docker: { ...values.docker, [key]: value } }, DOCKER_PATHS[key]);

  return (
    <Dialog
      title={provider ? `Edit ${provider.name}` : "Add a provider"}
      description={
        provider
          ? "Changed settings send the provider back to pending while the gateway checks them again."
          : "The gateway checks the new provider at once; it takes workspaces when it is ready."
      }
      onClose={onClose}
      size="wide"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" loading={saving.isPending}>
            {provider ? "Save changes" : "Add provider"}
          </Button>
        </>
      }
    >
      <form id={formId} ref={form} className={styles.form} onSubmit={onSubmit} noValidate>
        {alertError && (
          <ErrorAlert error={alertError} messages={{ CONFLICT: "A provider with this name already exists." }} />
        )}
        {!provider && (
          <RadioGroup<RemoteKind>
            legend="Kind"
            name="kind"
            value={values.kind as RemoteKind}
            onChange={(kind) => change({ ...values, kind }, "kind")}
            options={[
              { value: "kubernetes", label: "Kubernetes cluster", description: "A pod per workspace in one namespace" },
              { value: "docker", label: "Docker host", description: "A container per workspace on a Docker Engine" },
            ]}
          />
        )}
        <div className={styles.grid}>
          <TextField
            label="Name"
            name="name"
            placeholder="EU West cluster"
            hint="What developers pick when they create a workspace"
            value={values.name}
            error={errors.name}
            autoComplete="off"
            onChange={(e) => change({ ...values, name: e.target.value }, "name")}
          />
          <TextField
            label="Region"
            name="region"
            placeholder="eu-west-1"
            hint="Where it runs, shown next to the name"
            value={values.region}
            error={errors.region}
            autoComplete="off"
            onChange={(e) => change({ ...values, region: e.target.value }, "region")}
          />
        </div>
        {values.kind === "kubernetes" && (
          <KubernetesFields
            values={values.kubernetes}
            stored={provider?.kind === "kubernetes" ? provider.settings : null}
            errors={errors}
            onChange={setKubernetes}
          />
        )}
        {values.kind === "docker" && (
          <DockerFields
            values={values.docker}
            stored={provider?.kind === "docker" ? provider.settings : null}
            errors={errors}
            onChange={setDocker}
          />
        )}
        {values.kind === "local" && (
          <p className={styles.note}>
            The built-in provider runs workspaces as processes on the gateway's own machine; only its name, region and
            TURN servers can change.
          </p>
        )}
        <TurnServersField
          value={values.turnUrls}
          errors={errors}
          onChange={(turnUrls) => change({ ...values, turnUrls }, TURN_URLS_PATH)}
        />
      </form>
    </Dialog>
  );
}
