/**
 * Object rules of the fake Kubernetes API server (see FakeKubernetes.ts): the validation a real
 * API server applies to the objects the provider creates, the Status objects it answers errors
 * with, and what a kubelet would do with a new pod.
 */

export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    uid?: string;
    creationTimestamp?: string;
    resourceVersion?: string;
  };
  [field: string]: unknown;
};

/** A metav1.Status, the body of every error a real API server sends. */
export function status(code: number, reason: string, message: string, details: Record<string, unknown> = {}) {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, details, code };
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** The "field: reason" problems a real API server would report (422 Invalid), or none. */
export function validate(resource: string, object: KubeObject): string[] {
  const problems: string[] = [];
  const name = object.metadata?.name ?? "";
  if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) {
    problems.push(
      `metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`,
    );
  }
  for (const [key, value] of Object.entries(object.metadata?.labels ?? {})) {
    const [prefix, labelName] = key.includes("/") ? key.split("/", 2) : [null, key];
    if ((prefix !== null && !DNS1123_SUBDOMAIN.test(prefix)) || !LABEL_NAME.test(labelName ?? "")) {
      problems.push(`metadata.labels: Invalid value: "${key}": name part must consist of alphanumeric characters`);
    }
    if (typeof value !== "string" || value.length > 63 || !LABEL_VALUE.test(value)) {
      problems.push(`metadata.labels: Invalid value: "${value}": a valid label must be 63 characters or less`);
    }
  }
  if (resource === "pods") problems.push(...validatePod(object));
  if (resource === "secrets") problems.push(...validateSecret(object));
  if (resource === "persistentvolumeclaims") problems.push(...validateClaim(object));
  return problems;
}

type Container = {
  name?: string;
  image?: string;
  ports?: unknown[];
  env?: { name?: string; value?: string; valueFrom?: { secretKeyRef?: { name?: string; key?: string } } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
};
type PodSpec = {
  containers?: Container[];
  volumes?: { name?: string; persistentVolumeClaim?: { claimName?: string } }[];
};

function validatePod(pod: KubeObject): string[] {
  const spec = pod.spec as PodSpec | undefined;
  const containers = spec?.containers ?? [];
  if (containers.length === 0) return ["spec.containers: Required value"];
  const problems: string[] = [];
  containers.forEach((container, i) => {
    if (!container.name) problems.push(`spec.containers[${i}].name: Required value`);
    if (!container.image) problems.push(`spec.containers[${i}].image: Required value`);
    for (const env of container.env ?? []) {
      const ref = env.valueFrom?.secretKeyRef;
      if (ref && (!ref.name || !ref.key)) problems.push(`spec.containers[${i}].env: secretKeyRef needs name and key`);
    }
    for (const list of [container.resources?.requests, container.resources?.limits]) {
      for (const [resource, quantity] of Object.entries(list ?? {})) {
        if (!QUANTITY.test(quantity)) problems.push(`spec.containers[${i}].resources.${resource}: Invalid value`);
      }
    }
  });
  return problems;
}

function validateSecret(secret: KubeObject): string[] {
  const data = (secret.data ?? {}) as Record<string, string>;
  const problems: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (!SECRET_KEY.test(key))
      problems.push(
        `data[${key}]: Invalid value: a valid config key must consist of alphanumeric characters, '-', '_' or '.'`,
      );
    if (Buffer.from(value, "base64").toString("base64") !== value) problems.push(`data[${key}]: illegal base64 data`);
  }
  return problems;
}

function validateClaim(claim: KubeObject): string[] {
  const spec = claim.spec as { accessModes?: string[]; resources?: { requests?: { storage?: string } } } | undefined;
  const problems: string[] = [];
  if (!spec?.accessModes?.length) problems.push("spec.accessModes: Required value");
  const storage = spec?.resources?.requests?.storage;
  if (!storage || !QUANTITY.test(storage)) problems.push("spec.resources[storage]: Required value");
  return problems;
}

/** Secrets a pod's environment reads through secretKeyRef. */
export function referencedSecrets(pod: KubeObject): string[] {
  const containers = (pod.spec as PodSpec | undefined)?.containers ?? [];
  return containers.flatMap((container) =>
    (container.env ?? []).flatMap((env) =>
      env.valueFrom?.secretKeyRef?.name ? [env.valueFrom.secretKeyRef.name] : [],
    ),
  );
}

export function imageOf(pod: KubeObject): string {
  return (pod.spec as PodSpec | undefined)?.containers?.[0]?.image ?? "";
}

/** Equality-only label selectors ("a=b,c=d"), the kind the provider sends. */
export function matchesLabels(object: KubeObject, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(",").every((term) => {
    const [key, value] = term.split("=");
    return key !== undefined && object.metadata.labels?.[key] === value;
  });
}
