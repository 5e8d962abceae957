import {
  CreateProviderRequest,
  type DockerSettings,
  type KubernetesSettings,
  type ProviderDetails,
  UpdateProviderRequest,
} from "../../../protocol/rest.js";
import { ApiError } from "../../api/api";
import { type FieldErrors, fieldErrors } from "../../utils/validation";

/**
 * The provider form's state and its translation into protocol requests. Validation is the
 * protocol's own (CreateProviderRequest / UpdateProviderRequest from protocol/rest.ts); this
 * file only maps form fields to request fields, so errors come back keyed by the request path
 * ("settings.namespace"), which is also how the gateway names a refused field.
 */

/** Kinds an admin can add; the local provider is built in. */
export type RemoteKind = "kubernetes" | "docker";

export interface KubernetesValues {
  apiServer: string;
  namespace: string;
  /** null keeps the stored token (edit only); a string replaces it. */
  token: string | null;
  caCertificate: string;
  insecureSkipTlsVerify: boolean;
  agentImage: string;
  requestsCpu: string;
  requestsMemory: string;
  limitsCpu: string;
  limitsMemory: string;
  homeVolumeSize: string;
  storageClassName: string;
}

export interface DockerValues {
  endpointType: "socket" | "tcp";
  socketPath: string;
  host: string;
  port: string;
  caCertificate: string;
  clientCertificate: string;
  /** null keeps the stored client key (edit only); a string replaces it. */
  clientKey: string | null;
  image: string;
  memory: string;
  cpus: string;
}

export interface ProviderFormValues {
  kind: ProviderDetails["kind"];
  name: string;
  region: string;
  /** Both kinds' values are kept, so switching kind while creating loses nothing. */
  kubernetes: KubernetesValues;
  docker: DockerValues;
  /** The provider's own TURN servers as typed: one URL per line (any kind, the local one too). */
  turnUrls: string;
}

/** The namespace docs/providers.md uses; also the form's placeholder and the commands' default. */
export const SUGGESTED_NAMESPACE = "gangway-workspaces";
/** The Docker Engine's usual socket and TLS port. */
const DEFAULT_SOCKET_PATH = "/var/run/docker.sock";
const DEFAULT_DOCKER_TLS_PORT = "2376";
/** KubernetesSettings' default home volume size, shown so the admin sees what they get. */
const DEFAULT_HOME_VOLUME_SIZE = "10Gi";

const emptyKubernetes: KubernetesValues = {
  apiServer: "",
  namespace: SUGGESTED_NAMESPACE,
  token: "",
  caCertificate: "",
  insecureSkipTlsVerify: false,
  agentImage: "",
  requestsCpu: "",
  requestsMemory: "",
  limitsCpu: "",
  limitsMemory: "",
  homeVolumeSize: DEFAULT_HOME_VOLUME_SIZE,
  storageClassName: "",
};

const emptyDocker: DockerValues = {
  endpointType: "socket",
  socketPath: DEFAULT_SOCKET_PATH,
  host: "",
  port: DEFAULT_DOCKER_TLS_PORT,
  caCertificate: "",
  clientCertificate: "",
  clientKey: "",
  image: "",
  memory: "",
  cpus: "",
};

export function emptyValues(kind: RemoteKind): ProviderFormValues {
  return {
    kind,
    name: "",
    region: "",
    kubernetes: { ...emptyKubernetes },
    docker: { ...emptyDocker },
    turnUrls: "",
  };
}

function kubernetesValues(settings: KubernetesSettings): KubernetesValues {
  const { requests, limits } = settings.resources;
  return {
    apiServer: settings.apiServer,
    namespace: settings.namespace,
    token: settings.hasToken ? null : "",
    caCertificate: settings.caCertificate ?? "",
    insecureSkipTlsVerify: settings.insecureSkipTlsVerify,
    agentImage: settings.agentImage,
    requestsCpu: requests.cpu ?? "",
    requestsMemory: requests.memory ?? "",
    limitsCpu: limits.cpu ?? "",
    limitsMemory: limits.memory ?? "",
    homeVolumeSize: settings.homeVolumeSize,
    storageClassName: settings.storageClassName ?? "",
  };
}

function dockerValues(settings: DockerSettings): DockerValues {
  const { endpoint } = settings;
  const tcp = endpoint.type === "tcp" ? endpoint : null;
  return {
    endpointType: endpoint.type,
    socketPath: endpoint.type === "socket" ? endpoint.socketPath : DEFAULT_SOCKET_PATH,
    host: tcp?.host ?? "",
    port: String(tcp?.port ?? DEFAULT_DOCKER_TLS_PORT),
    caCertificate: tcp?.caCertificate ?? "",
    clientCertificate: tcp?.clientCertificate ?? "",
    clientKey: tcp?.hasClientKey ? null : "",
    image: settings.image,
    memory: settings.resources.memory ?? "",
    cpus: settings.resources.cpus === null ? "" : String(settings.resources.cpus),
  };
}

/** The form as it opens to edit `provider`: stored secrets are kept unless replaced. */
export function valuesOf(provider: ProviderDetails): ProviderFormValues {
  const values = {
    ...emptyValues("kubernetes"),
    kind: provider.kind,
    name: provider.name,
    region: provider.region,
    turnUrls: (provider.turnUrls ?? []).join("\n"),
  };
  if (provider.kind === "kubernetes") values.kubernetes = kubernetesValues(provider.settings);
  if (provider.kind === "docker") values.docker = dockerValues(provider.settings);
  return values;
}

/** An empty optional field means "not set", not an empty string the schema would refuse. */
const optional = (value: string) => value.trim() || undefined;
/** Numbers are typed as text; what does not parse becomes NaN, which the schema words for us. */
const optionalNumber = (value: string) => (value.trim() === "" ? undefined : Number(value));

function kubernetesSettings(v: KubernetesValues) {
  return {
    apiServer: v.apiServer.trim(),
    namespace: v.namespace.trim(),
    ...(v.token !== null ? { token: v.token.trim() } : {}),
    // The CA field is hidden while TLS verification is skipped: the two never go together.
    caCertificate: v.insecureSkipTlsVerify ? null : (optional(v.caCertificate) ?? null),
    insecureSkipTlsVerify: v.insecureSkipTlsVerify,
    agentImage: v.agentImage.trim(),
    resources: {
      requests: { cpu: optional(v.requestsCpu), memory: optional(v.requestsMemory) },
      limits: { cpu: optional(v.limitsCpu), memory: optional(v.limitsMemory) },
    },
    homeVolumeSize: optional(v.homeVolumeSize),
    storageClassName: optional(v.storageClassName) ?? null,
  };
}

function dockerSettings(v: DockerValues) {
  const endpoint =
    v.endpointType === "socket"
      ? { type: "socket", socketPath: v.socketPath.trim() }
      : {
          type: "tcp",
          host: v.host.trim(),
          port: optionalNumber(v.port),
          caCertificate: v.caCertificate.trim(),
          clientCertificate: v.clientCertificate.trim(),
          ...(v.clientKey !== null ? { clientKey: v.clientKey.trim() } : {}),
        };
  return {
    image: v.image.trim(),
    endpoint,
    resources: { memory: optional(v.memory) ?? null, cpus: optionalNumber(v.cpus) ?? null },
  };
}

function settingsOf(values: ProviderFormValues) {
  if (values.kind === "kubernetes") return kubernetesSettings(values.kubernetes);
  if (values.kind === "docker") return dockerSettings(values.docker);
  return undefined;
}

/** The textarea's URLs: one a line, trimmed, blank lines ignored. */
export function turnUrlList(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

export type Validated<T> = { ok: true; body: T } | { ok: false; errors: FieldErrors };

/** The POST /providers body, or every field's problem as the protocol schema sees it. */
export function createRequest(values: ProviderFormValues): Validated<CreateProviderRequest> {
  const turnUrls = turnUrlList(values.turnUrls);
  const result = CreateProviderRequest.safeParse({
    kind: values.kind,
    name: values.name,
    region: values.region,
    settings: settingsOf(values),
    // None typed: the field is left out, and the gateway's TURN servers alone are offered.
    ...(turnUrls.length > 0 ? { turnUrls } : {}),
  });
  return result.success ? { ok: true, body: result.data } : { ok: false, errors: fieldErrors(result.error) };
}

/**
 * The PATCH /providers/:id body with only what changed: settings go only when they differ
 * (or a secret is replaced), because new settings send the provider back to "pending". TURN
 * servers go when the list differs; an emptied field sends `[]`, which clears them.
 */
export function updateRequest(
  values: ProviderFormValues,
  initial: ProviderFormValues,
): Validated<UpdateProviderRequest> {
  const settings = settingsOf(values);
  const settingsChanged = JSON.stringify(settings) !== JSON.stringify(settingsOf(initial));
  const turnUrls = turnUrlList(values.turnUrls);
  const turnUrlsChanged = JSON.stringify(turnUrls) !== JSON.stringify(turnUrlList(initial.turnUrls));
  const result = UpdateProviderRequest.safeParse({
    kind: values.kind,
    ...(values.name.trim() !== initial.name ? { name: values.name } : {}),
    ...(values.region.trim() !== initial.region ? { region: values.region } : {}),
    ...(settingsChanged ? { settings } : {}),
    ...(turnUrlsChanged ? { turnUrls } : {}),
  });
  return result.success ? { ok: true, body: result.data } : { ok: false, errors: fieldErrors(result.error) };
}

/** The request path of each Kubernetes field: how schema and gateway errors find their field. */
export const KUBERNETES_PATHS: Record<keyof KubernetesValues, string> = {
  apiServer: "settings.apiServer",
  namespace: "settings.namespace",
  token: "settings.token",
  caCertificate: "settings.caCertificate",
  insecureSkipTlsVerify: "settings.insecureSkipTlsVerify",
  agentImage: "settings.agentImage",
  requestsCpu: "settings.resources.requests.cpu",
  requestsMemory: "settings.resources.requests.memory",
  limitsCpu: "settings.resources.limits.cpu",
  limitsMemory: "settings.resources.limits.memory",
  homeVolumeSize: "settings.homeVolumeSize",
  storageClassName: "settings.storageClassName",
};

export const DOCKER_PATHS: Record<keyof DockerValues, string> = {
  endpointType: "settings.endpoint.type",
  socketPath: "settings.endpoint.socketPath",
  host: "settings.endpoint.host",
  port: "settings.endpoint.port",
  caCertificate: "settings.endpoint.caCertificate",
  clientCertificate: "settings.endpoint.clientCertificate",
  clientKey: "settings.endpoint.clientKey",
  image: "settings.image",
  memory: "settings.resources.memory",
  cpus: "settings.resources.cpus",
};

/** The TURN servers' request path; a problem with one URL is keyed by its index ("turnUrls.1"). */
export const TURN_URLS_PATH = "turnUrls";

/** Every request path the form has a field for; a refusal naming another goes in the alert. */
const FORM_FIELDS: ReadonlySet<string> = new Set([
  "name",
  "region",
  ...Object.values(KUBERNETES_PATHS),
  ...Object.values(DOCKER_PATHS),
]);

/** The TURN list itself ("turnUrls": too many) or one of its URLs ("turnUrls.1"). */
const isTurnUrlsPath = (path: string) => path === TURN_URLS_PATH || /^turnUrls\.\d+$/.test(path);

/** Whether a problem keyed `path` belongs to the field whose request path is `field`. */
export function belongsTo(path: string, field: string): boolean {
  return field === TURN_URLS_PATH ? isTurnUrlsPath(path) : path === field;
}

/**
 * The TURN field's problem as the admin reads it: a URL's problem names its line in the
 * textarea (blank lines count, as the admin sees them), e.g. "Line 3: must be a TURN URL…".
 * null when the field has none.
 */
export function turnUrlsError(errors: FieldErrors, text: string): string | null {
  const whole = errors[TURN_URLS_PATH];
  if (whole) return whole;
  const lineNumbers = text.split("\n").flatMap((line, i) => (line.trim() === "" ? [] : [i + 1]));
  for (const [index, line] of lineNumbers.entries()) {
    const problem = errors[`${TURN_URLS_PATH}.${index}`];
    if (problem) return `Line ${line}: ${problem.charAt(0).toLowerCase()}${problem.slice(1)}`;
  }
  // A refusal for an index the text no longer has (it was edited since): still shown.
  const stray = Object.keys(errors).find((path) => belongsTo(path, TURN_URLS_PATH));
  return stray ? (errors[stray] ?? null) : null;
}

/**
 * The field a gateway refusal names, with its problem. The code is INVALID_REQUEST and the
 * protocol promises that such a message starts with the field's path ("settings.caCertificate:
 * does not parse as a PEM certificate"), so the path is read from there; the wording is not.
 */
export function serverFieldError(error: unknown): FieldErrors | null {
  if (!(error instanceof ApiError) || error.code !== "INVALID_REQUEST") return null;
  const match = /^([\w.]+): ([\s\S]+)$/.exec(error.message);
  const [, path, problem] = match ?? [];
  if (!path || !problem || !(FORM_FIELDS.has(path) || isTurnUrlsPath(path))) return null;
  return { [path]: problem.charAt(0).toUpperCase() + problem.slice(1) };
}
