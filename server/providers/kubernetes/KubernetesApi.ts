import {
  ApiException,
  AuthorizationV1Api,
  CoreV1Api,
  createConfiguration,
  KubeConfig,
  ServerConfiguration,
  VersionApi,
} from "@kubernetes/client-node";
import { requestSignal } from "../requestSignal.js";

/** Where and as whom the gateway talks to a cluster. */
export interface KubernetesConnection {
  apiServer: string;
  token: string;
  caCertificate: string | null;
  insecureSkipTlsVerify: boolean;
}

/**
 * The typed clients of @kubernetes/client-node for one cluster, with a deadline on every
 * request and one abort signal that cancels everything in flight when the provider is disposed.
 */
export class KubernetesApi {
  readonly core: CoreV1Api;
  readonly authorization: AuthorizationV1Api;
  readonly version: VersionApi;

  constructor(connection: KubernetesConnection, requestTimeoutMs: number, signal: AbortSignal) {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromClusterAndUser(
      {
        name: "gangway-provider",
        server: connection.apiServer,
        skipTLSVerify: connection.insecureSkipTlsVerify,
        ...(connection.caCertificate ? { caData: Buffer.from(connection.caCertificate).toString("base64") } : {}),
      },
      { name: "gangway", token: connection.token },
    );
    const configuration = createConfiguration({
      baseServer: new ServerConfiguration(connection.apiServer, {}),
      authMethods: { default: kubeConfig },
      promiseMiddleware: [
        {
          pre: async (context) => {
            context.setSignal(requestSignal(signal, requestTimeoutMs));
            return context;
          },
          post: async (context) => context,
        },
      ],
    });
    this.core = new CoreV1Api(configuration);
    this.authorization = new AuthorizationV1Api(configuration);
    this.version = new VersionApi(configuration);
  }
}

/** The HTTP status of a failed API call, or null when there was no answer at all. */
export function statusCodeOf(error: unknown): number | null {
  return error instanceof ApiException ? error.code : null;
}

/** True for 404 Not Found: deleting or reading something already gone. */
export function isNotFound(error: unknown): boolean {
  return statusCodeOf(error) === 404;
}

/**
 * A sentence for an admin: the Status message Kubernetes sent, or why no answer came. Never
 * includes request headers (the bearer token travels there).
 */
export function describeKubernetesError(error: unknown): string {
  if (error instanceof ApiException) {
    if (error.code === 401) return "401 Unauthorized: the cluster rejected the service-account token";
    const message = statusMessage(error.body);
    return message ? `${error.code}: ${message}` : `the API server answered ${error.code}`;
  }
  if (error instanceof Error) {
    if (error.name === "AbortError" || error.name === "TimeoutError") return "no answer from the API server in time";
    return error.message.replace(/^request to \S+ failed, reason: /, "");
  }
  return String(error);
}

/** `message` of a Kubernetes Status object in a response body. */
function statusMessage(body: unknown): string | null {
  let value: unknown = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body);
    } catch {
      return body.slice(0, 200) || null;
    }
  }
  const message = (value as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : null;
}
