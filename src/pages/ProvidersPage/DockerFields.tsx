import { useId } from "react";
import type { DockerSettings } from "../../../protocol/rest.js";
import { RadioGroup } from "../../components/RadioGroup/RadioGroup";
import { TextAreaField } from "../../components/TextAreaField/TextAreaField";
import { TextField } from "../../components/TextField/TextField";
import { DOCKER_PATHS, type DockerValues } from "../../modules/providers/providerForm";
import type { FieldErrors } from "../../utils/validation";
import styles from "./ProviderFormDialog.module.css";
import { SecretField } from "./SecretField";

interface DockerFieldsProps {
  values: DockerValues;
  /** The stored settings when editing: says whether a client key is stored. */
  stored: DockerSettings | null;
  errors: FieldErrors;
  onChange: <K extends keyof DockerValues>(key: K, value: DockerValues[K]) => void;
}

export function DockerFields({ values, stored, errors, onChange }: DockerFieldsProps) {
  const text = (key: Exclude<keyof DockerValues, "endpointType" | "clientKey">) => ({
    name: key,
    value: values[key],
    error: errors[DOCKER_PATHS[key]],
    autoComplete: "off",
    spellCheck: false,
    onChange: (event: { target: { value: string } }) => onChange(key, event.target.value),
  });
  const engineHeading = useId();
  const containersHeading = useId();
  const keyStored = stored?.endpoint.type === "tcp" && stored.endpoint.hasClientKey ? "stored" : null;

  return (
    <>
      <section className={styles.section} aria-labelledby={engineHeading}>
        <h3 id={engineHeading} className={styles.sectionTitle}>
          Engine
        </h3>
        <RadioGroup
          legend="How the gateway reaches the engine"
          name="endpointType"
          value={values.endpointType}
          onChange={(type) => onChange("endpointType", type)}
          options={[
            { value: "socket", label: "Unix socket", description: "The gateway runs on the Docker host" },
            { value: "tcp", label: "TCP with TLS", description: "A remote engine run with --tlsverify" },
          ]}
        />
        {values.endpointType === "socket" ? (
          <TextField
            label="Socket path"
            placeholder="/var/run/docker.sock"
            hint="The gateway's user must be able to open it (e.g. the docker group): that is root on the host"
            {...text("socketPath")}
          />
        ) : (
          <>
            <div className={styles.hostPort}>
              <TextField label="Host" placeholder="docker-1.example.org" {...text("host")} />
              <TextField label="Port" inputMode="numeric" placeholder="2376" {...text("port")} />
            </div>
            <TextAreaField
              label="CA certificate"
              hint="ca.pem: the CA that signed the engine's certificate"
              placeholder={"-----BEGIN CERTIFICATE-----\n…"}
              code
              rows={3}
              {...text("caCertificate")}
            />
            <TextAreaField
              label="Client certificate"
              hint="cert.pem: a client certificate the engine trusts"
              placeholder={"-----BEGIN CERTIFICATE-----\n…"}
              code
              rows={3}
              {...text("clientCertificate")}
            />
            <SecretField
              label="Client key"
              value={values.clientKey}
              stored={keyStored}
              error={errors[DOCKER_PATHS.clientKey]}
              hint="key.pem, matching the client certificate; stored encrypted, never shown again"
              placeholder={"-----BEGIN PRIVATE KEY-----\n…"}
              multiline
              onChange={(key) => onChange("clientKey", key)}
            />
          </>
        )}
      </section>
      <section className={styles.section} aria-labelledby={containersHeading}>
        <h3 id={containersHeading} className={styles.sectionTitle}>
          Workspace containers
        </h3>
        <TextField
          label="Image"
          placeholder="ghcr.io/acme/gangway-agent:1.2"
          hint="Runs the Gangway agent; it must already be on the host (docker pull)"
          {...text("image")}
        />
        <div className={styles.grid}>
          <TextField label="Memory limit" placeholder="2g" hint="Empty for none" {...text("memory")} />
          <TextField label="CPUs" inputMode="decimal" placeholder="1.5" hint="Empty for none" {...text("cpus")} />
        </div>
      </section>
    </>
  );
}
