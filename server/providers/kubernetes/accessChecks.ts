import type { ProviderCheck } from "../../../protocol/rest.js";
import { describeKubernetesError, type KubernetesApi, statusCodeOf } from "./KubernetesApi.js";

/**
 * Exactly what the provider does in the namespace, and so exactly what the Role in
 * docs/providers.md grants: pods (create, get, list for status, delete), the agent-token
 * Secret (create, get on resume, delete on stop), the home PersistentVolumeClaim
 * (create, get to see if it exists, delete), and events (list, to explain a failed pod).
 */
export const REQUIRED_ACCESS: readonly { verb: string; resource: string }[] = [
  { verb: "create", resource: "pods" },
  { verb: "get", resource: "pods" },
  { verb: "list", resource: "pods" },
  { verb: "delete", resource: "pods" },
  { verb: "create", resource: "secrets" },
  { verb: "get", resource: "secrets" },
  { verb: "delete", resource: "secrets" },
  { verb: "create", resource: "persistentvolumeclaims" },
  { verb: "get", resource: "persistentvolumeclaims" },
  { verb: "delete", resource: "persistentvolumeclaims" },
  { verb: "list", resource: "events" },
];

/** Name of the Secret a dry-run create uses to see whether the namespace exists; never stored. */
const PROBE_SECRET = "gangway-connection-test";

type Step = { checks: ProviderCheck[]; stop: boolean };

/**
 * The connection test: reach the API server, have the token accepted, hold every permission in
 * REQUIRED_ACCESS (SelfSubjectAccessReviews, which any authenticated user may create), and find
 * the namespace. Stops at the first step that makes the next ones meaningless.
 */
export async function checkKubernetesAccess(api: KubernetesApi, apiServer: string, namespace: string) {
  const checks: ProviderCheck[] = [];
  for (const step of [
    () => reachAndAuthenticate(api, apiServer),
    () => permissions(api, namespace),
    () => namespaceExists(api, namespace),
  ]) {
    const result = await step();
    checks.push(...result.checks);
    if (result.stop) break;
  }
  return checks;
}

async function reachAndAuthenticate(api: KubernetesApi, apiServer: string): Promise<Step> {
  try {
    const version = await api.version.getCode();
    return {
      checks: [
        { name: "reach API server", passed: true, message: `Kubernetes ${version.gitVersion} at ${apiServer}` },
        { name: "token accepted", passed: true, message: "The cluster accepted the service-account token." },
      ],
      stop: false,
    };
  } catch (error) {
    const code = statusCodeOf(error);
    if (code !== 401) {
      const how = code === null ? "Cannot reach" : "Error from";
      const message = `${how} ${apiServer}: ${describeKubernetesError(error)}${tlsHint(error)}`;
      return { checks: [{ name: "reach API server", passed: false, message }], stop: true };
    }
    const rejected = "The cluster rejected the service-account token (401 Unauthorized): paste a current token.";
    return {
      checks: [
        { name: "reach API server", passed: true, message: `${apiServer} answered.` },
        { name: "token accepted", passed: false, message: rejected },
      ],
      stop: true,
    };
  }
}

/** TLS failures read cryptically; say which setting to look at. */
function tlsHint(error: unknown): string {
  const text = error instanceof Error ? error.message : "";
  return /certificate|self.signed|SSL|TLS/i.test(text) ? " (check caCertificate: it must be the cluster's CA)" : "";
}

async function permissions(api: KubernetesApi, namespace: string): Promise<Step> {
  const reviews = await Promise.all(REQUIRED_ACCESS.map((access) => review(api, namespace, access)));
  const checks = reviews.map((result) => result.check);
  // Kubernetes authorizes before it looks for the namespace, so a missing namespace (or a
  // RoleBinding in another one) shows up as no permissions at all.
  if (reviews.every((result) => result.denied)) {
    checks.push({
      name: "namespace exists",
      passed: false,
      message: `Not checked: the service account has no permissions in namespace "${namespace}". Does the namespace exist, and is the RoleBinding in it?`,
    });
    return { checks, stop: true };
  }
  const canProbe = checks.find((check) => check.name === "create secrets")?.passed ?? false;
  return { checks, stop: !canProbe };
}

/** One SelfSubjectAccessReview; `denied` when the cluster answered no (not when it failed to answer). */
async function review(
  api: KubernetesApi,
  namespace: string,
  { verb, resource }: { verb: string; resource: string },
): Promise<{ check: ProviderCheck; denied: boolean }> {
  const name = `${verb} ${resource}`;
  try {
    const answer = await api.authorization.createSelfSubjectAccessReview({
      body: {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SelfSubjectAccessReview",
        spec: { resourceAttributes: { namespace, verb, resource, group: "" } },
      },
    });
    if (answer.status?.allowed) return { check: { name, passed: true, message: "allowed" }, denied: false };
    const why = answer.status?.reason ? ` (${answer.status.reason})` : "";
    const message = `missing: the service account may not ${verb} ${resource} in namespace "${namespace}"${why}`;
    return { check: { name, passed: false, message }, denied: true };
  } catch (error) {
    const message = `could not be checked: ${describeKubernetesError(error)}`;
    return { check: { name, passed: false, message }, denied: false };
  }
}

/** A dry-run create (nothing is stored) answers 404 when the namespace does not exist. */
async function namespaceExists(api: KubernetesApi, namespace: string): Promise<Step> {
  const name = "namespace exists";
  try {
    await api.core.createNamespacedSecret({
      namespace,
      dryRun: "All",
      body: { apiVersion: "v1", kind: "Secret", metadata: { name: PROBE_SECRET }, type: "Opaque" },
    });
  } catch (error) {
    const code = statusCodeOf(error);
    if (code === 404) {
      return { checks: [{ name, passed: false, message: `The namespace "${namespace}" does not exist.` }], stop: true };
    }
    if (code !== 409) {
      const message = `could not be checked: ${describeKubernetesError(error)}`;
      return { checks: [{ name, passed: false, message }], stop: true };
    }
  }
  return { checks: [{ name, passed: true, message: `The namespace "${namespace}" exists.` }], stop: false };
}
