import { CodeBlock } from "../../components/CodeBlock/CodeBlock";
import { kubernetesSetupCommands } from "../../modules/providers/kubernetesSetupCommands";
import { SUGGESTED_NAMESPACE } from "../../modules/providers/providerForm";
import styles from "./ProviderFormDialog.module.css";

/** The kubectl commands that make what the form asks for, for the namespace typed in the form. */
export function KubernetesSetupHelp({ namespace }: { namespace: string }) {
  const commands = kubernetesSetupCommands(namespace.trim() || SUGGESTED_NAMESPACE);
  return (
    <details className={styles.help}>
      <summary className={styles.helpSummary}>How do I get these?</summary>
      <div className={styles.helpBody}>
        <p>
          Run these once per cluster with cluster-admin rights. They create the namespace, a service account, a Role
          with exactly the verbs the gateway uses, a RoleBinding and a long-lived token.
        </p>
        <CodeBlock label="setup commands" code={commands.setup} />
        <p>Then read the cluster address, the token and the CA certificate for this form:</p>
        <CodeBlock label="commands that read the settings" code={commands.read} />
        <p>
          Check the grants as the service account would (each should print <code>yes</code>); “Test connection” checks
          the same.
        </p>
        <CodeBlock label="commands that check the grants" code={commands.verify} />
      </div>
    </details>
  );
}
