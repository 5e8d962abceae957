import { useId } from "react";
import type { KubernetesSettings } from "../../../protocol/rest.js";
import { CheckboxField } from "../../components/CheckboxField/CheckboxField";
import { TextAreaField } from "../../components/TextAreaField/TextAreaField";
import { TextField } from "../../components/TextField/TextField";
import { KUBERNETES_PATHS, type KubernetesValues, SUGGESTED_NAMESPACE } from "../../modules/providers/providerForm";
import type { FieldErrors } from "../../utils/validation";
import { KubernetesSetupHelp } from "./KubernetesSetupHelp";
import styles from "./ProviderFormDialog.module.css";
import { SecretField } from "./SecretField";

interface KubernetesFieldsProps {
  values: KubernetesValues;
  /** The stored settings when editing: says whether a token is stored, and its fingerprint. */
  stored: KubernetesSettings | null;
  errors: FieldErrors;
  onChange: <K extends keyof KubernetesValues>(key: K, value: KubernetesValues[K]) => void;
}

export function KubernetesFields({ values, stored, errors, onChange }: KubernetesFieldsProps) {
  const text = (key: Exclude<keyof KubernetesValues, "token" | "insecureSkipTlsVerify">) => ({
    name: key,
    value: values[key],
    error: errors[KUBERNETES_PATHS[key]],
    autoComplete: "off",
    spellCheck: false,
    onChange: (event: { target: { value: string } }) => onChange(key, event.target.value),
  });
  const clusterHeading = useId();
  const podsHeading = useId();
  const storedToken = stored?.hasToken ? `stored (fingerprint ${stored.tokenFingerprint ?? "unknown"})` : null;

  return (
    <>
      <section className={styles.section} aria-labelledby={clusterHeading}>
        <h3 id={clusterHeading} className={styles.sectionTitle}>
          Cluster
        </h3>
        <TextField
          label="Cluster address"
          placeholder="https://203.0.113.7:6443"
          hint="The API server's https:// URL"
          inputMode="url"
          {...text("apiServer")}
        />
        <TextField
          label="Namespace"
          placeholder={SUGGESTED_NAMESPACE}
          hint="Where workspace pods, their Secrets and home volumes are created"
          {...text("namespace")}
        />
        <KubernetesSetupHelp namespace={values.namespace} />
        <SecretField
          label="Service-account token"
          value={values.token}
          stored={storedToken}
          error={errors[KUBERNETES_PATHS.token]}
          hint="Stored encrypted; the gateway never shows it again"
          onChange={(token) => onChange("token", token)}
        />
        {!values.insecureSkipTlsVerify && (
          <TextAreaField
            label="CA certificate"
            placeholder={"-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----"}
            hint="The cluster's CA in PEM, so the gateway can verify the API server"
            code
            rows={4}
            {...text("caCertificate")}
          />
        )}
        <CheckboxField
          label="Skip TLS verification (insecure)"
          hint="Only for throw-away test clusters."
          checked={values.insecureSkipTlsVerify}
          onChange={(event) => onChange("insecureSkipTlsVerify", event.target.checked)}
        />
        {values.insecureSkipTlsVerify && (
          <p className={styles.warning} role="note">
            Without verification anyone between the gateway and the cluster can pose as the API server and receive the
            service-account token. Give the CA certificate for any cluster that matters.
          </p>
        )}
      </section>
      <section className={styles.section} aria-labelledby={podsHeading}>
        <h3 id={podsHeading} className={styles.sectionTitle}>
          Workspace pods
        </h3>
        <TextField
          label="Agent image"
          placeholder="ghcr.io/acme/gangway-agent:1.2"
          hint="Its entrypoint runs the Gangway agent as uid 1000"
          {...text("agentImage")}
        />
        <div className={styles.grid}>
          <TextField label="CPU request" placeholder="500m" {...text("requestsCpu")} />
          <TextField label="CPU limit" placeholder="2" {...text("limitsCpu")} />
          <TextField label="Memory request" placeholder="1Gi" {...text("requestsMemory")} />
          <TextField label="Memory limit" placeholder="4Gi" {...text("limitsMemory")} />
          <TextField label="Home volume size" placeholder="10Gi" {...text("homeVolumeSize")} />
          <TextField
            label="Storage class"
            placeholder="cluster default"
            hint="Empty uses the cluster's default class"
            {...text("storageClassName")}
          />
        </div>
      </section>
    </>
  );
}
