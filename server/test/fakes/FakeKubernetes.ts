/**
 * A FAKE Kubernetes API server, for tests only. No cluster can run on the test machine, so
 * this serves, over HTTPS with a self-signed certificate (the provider's CA path is real), the
 * few endpoints and response shapes the Kubernetes provider uses, and refuses what a real API
 * server would refuse: an unknown bearer token is 401, a verb the RBAC table does not grant is
 * 403, a missing namespace or object is 404, a name already taken is 409, an invalid name or
 * spec is 422, each with a metav1.Status body. It records every request, so a test can assert
 * that nothing but pods, secrets and PVCs was ever created (no Service, no Ingress). In place
 * of a kubelet it moves new pods to Running, or to ImagePullBackOff for images it cannot pull,
 * or CreateContainerConfigError when a referenced Secret is missing. It runs no container.
 */
import { randomUUID } from "node:crypto";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { imageOf, type KubeObject, matchesLabels, referencedSecrets, status, validate } from "./kubernetesObjects.js";
import { type CertificateAndKey, selfSignedCertificate } from "./selfSignedCertificate.js";

/** Every grant the provider needs (mirrors docs/providers.md's Role). */
export const ALL_GRANTS = [
  "create pods",
  "get pods",
  "list pods",
  "delete pods",
  "create secrets",
  "get secrets",
  "delete secrets",
  "create persistentvolumeclaims",
  "get persistentvolumeclaims",
  "delete persistentvolumeclaims",
  "list events",
];

const RESOURCES = new Set(["pods", "secrets", "persistentvolumeclaims", "events"]);
/** How long the pretend kubelet takes to act on a new pod. */
const KUBELET_DELAY_MS = 20;

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export interface FakeKubernetesOptions {
  namespaces?: string[];
  /** Valid bearer tokens and the user each authenticates as. */
  tokens?: Record<string, string>;
  /** RBAC of a RoleBinding per namespace: "verb resource" strings. */
  roleGrants?: Record<string, string[]>;
  /** RBAC of a ClusterRoleBinding: granted in every namespace, existing or not. */
  clusterGrants?: string[];
  /** Images the pretend kubelet can pull. */
  pullableImages?: string[];
}

export class FakeKubernetes {
  readonly requests: RecordedRequest[] = [];
  readonly namespaces: Set<string>;
  readonly tokens: Map<string, string>;
  readonly roleGrants: Map<string, Set<string>>;
  readonly clusterGrants: Set<string>;
  readonly pullableImages: Set<string>;
  /** "namespace/resource" → name → object. */
  readonly #store = new Map<string, Map<string, KubeObject>>();
  /** "normal", every request answered 500, or every request left hanging (a timeout). */
  mode: "normal" | "error500" | "hang" = "normal";
  readonly #sockets = new Set<Duplex>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #server: https.Server;
  #port = 0;
  #resourceVersion = 1;

  private constructor(
    readonly tls: CertificateAndKey,
    options: FakeKubernetesOptions,
  ) {
    this.namespaces = new Set(options.namespaces ?? ["gangway"]);
    this.tokens = new Map(Object.entries(options.tokens ?? { "sa-token": "system:serviceaccount:gangway:gangway" }));
    const roleGrants = options.roleGrants ?? Object.fromEntries([...this.namespaces].map((ns) => [ns, ALL_GRANTS]));
    this.roleGrants = new Map(Object.entries(roleGrants).map(([ns, grants]) => [ns, new Set(grants)]));
    this.clusterGrants = new Set(options.clusterGrants ?? []);
    this.pullableImages = new Set(options.pullableImages ?? ["gangway/agent:test"]);
    this.#server = this.#createServer();
  }

  static async start(options: FakeKubernetesOptions = {}): Promise<FakeKubernetes> {
    const fake = new FakeKubernetes(selfSignedCertificate(), options);
    await fake.#listen(0);
    return fake;
  }

  get url(): string {
    return `https://127.0.0.1:${this.#port}`;
  }

  /** The CA a client must trust: the self-signed certificate itself. */
  get ca(): string {
    return this.tls.cert;
  }

  objects(namespace: string, resource: string): KubeObject[] {
    return [...(this.#store.get(`${namespace}/${resource}`)?.values() ?? [])];
  }

  object(namespace: string, resource: string, name: string): KubeObject | undefined {
    return this.#store.get(`${namespace}/${resource}`)?.get(name);
  }

  /** Removes an object behind the provider's back, as another cluster user's kubectl would. */
  deleteObject(namespace: string, resource: string, name: string): void {
    this.#store.get(`${namespace}/${resource}`)?.delete(name);
  }

  /** Paths of every write (POST, PUT, PATCH, DELETE) received, e.g. "POST /api/v1/namespaces/x/pods". */
  writes(): string[] {
    return this.requests.filter((request) => request.method !== "GET").map((r) => `${r.method} ${r.path}`);
  }

  /** Stops accepting connections and drops open ones: the cluster becomes unreachable. */
  async stopListening(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Listens again on the same port: the cluster is back. */
  async listenAgain(): Promise<void> {
    this.#server = this.#createServer();
    await this.#listen(this.#port);
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    if (this.#server.listening) await this.stopListening();
  }

  #createServer(): https.Server {
    const server = https.createServer({ cert: this.tls.cert, key: this.tls.key }, (request, response) => {
      let text = "";
      request.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      request.on("end", () => {
        const url = new URL(request.url ?? "/", this.url);
        const recorded: RecordedRequest = {
          method: request.method ?? "GET",
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          body: text ? JSON.parse(text) : null,
        };
        this.requests.push(recorded);
        if (this.mode === "hang") return;
        const [code, body] =
          this.mode === "error500"
            ? [500, status(500, "InternalError", "Internal error occurred: the fake API server is failing on purpose")]
            : this.#handle(recorded, request.headers.authorization);
        response.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify(body));
      });
    });
    server.on("connection", (socket) => {
      this.#sockets.add(socket);
      socket.once("close", () => this.#sockets.delete(socket));
    });
    return server;
  }

  #listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, "127.0.0.1", () => {
        this.#port = (this.#server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  #handle(request: RecordedRequest, authorization: string | undefined): [number, unknown] {
    const user = this.tokens.get(/^Bearer (.+)$/.exec(authorization ?? "")?.[1] ?? "");
    if (!user) return [401, status(401, "Unauthorized", "Unauthorized")];
    if (request.path === "/version" && request.method === "GET") {
      return [200, { major: "1", minor: "31", gitVersion: "v1.31.0-fake", platform: "linux/amd64" }];
    }
    if (request.path === "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews" && request.method === "POST") {
      return [201, this.#review(request.body as { spec?: { resourceAttributes?: Record<string, string> } })];
    }
    const match = /^\/api\/v1\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?$/.exec(request.path);
    if (!match || !RESOURCES.has(match[2] ?? "")) {
      return [404, status(404, "NotFound", "the server could not find the requested resource")];
    }
    const [, namespace = "", resource = "", name] = match;
    const verb = verbOf(request.method, name);
    if (!verb) return [405, status(405, "MethodNotAllowed", `${request.method} is not supported by this fake`)];
    if (!this.#allowed(namespace, verb, resource)) {
      const message = `${resource} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "" in the namespace "${namespace}"`;
      return [403, status(403, "Forbidden", message, { kind: resource })];
    }
    return this.#serve(verb, namespace, resource, name, request);
  }

  #allowed(namespace: string, verb: string, resource: string): boolean {
    const grant = `${verb} ${resource}`;
    return this.clusterGrants.has(grant) || (this.roleGrants.get(namespace)?.has(grant) ?? false);
  }

  #review(body: { spec?: { resourceAttributes?: Record<string, string> } }) {
    const attributes = body.spec?.resourceAttributes ?? {};
    const allowed = this.#allowed(attributes.namespace ?? "", attributes.verb ?? "", attributes.resource ?? "");
    return {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      metadata: {},
      spec: body.spec,
      status: allowed ? { allowed: true, reason: "RBAC: allowed by RoleBinding" } : { allowed: false },
    };
  }

  #serve(
    verb: string,
    namespace: string,
    resource: string,
    name: string | undefined,
    request: RecordedRequest,
  ): [number, unknown] {
    const key = `${namespace}/${resource}`;
    const bucket = this.#store.get(key) ?? new Map<string, KubeObject>();
    this.#store.set(key, bucket);
    const kind =
      resource === "persistentvolumeclaims" ? "PersistentVolumeClaim" : resource === "pods" ? "Pod" : "Secret";
    if (verb === "list") {
      const fieldName = /^involvedObject\.name=(.+)$/.exec(request.query.fieldSelector ?? "")?.[1];
      const items = [...bucket.values()].filter(
        (object) =>
          matchesLabels(object, request.query.labelSelector ?? null) &&
          (!fieldName || (object.involvedObject as { name?: string } | undefined)?.name === fieldName),
      );
      return [200, { apiVersion: "v1", kind: `${resource === "events" ? "Event" : kind}List`, metadata: {}, items }];
    }
    if (verb === "create") {
      if (!this.namespaces.has(namespace)) {
        return [
          404,
          status(404, "NotFound", `namespaces "${namespace}" not found`, { name: namespace, kind: "namespaces" }),
        ];
      }
      const object = request.body as KubeObject;
      const problems = validate(resource, object);
      if (problems.length > 0) {
        const message = `${kind} "${object.metadata?.name}" is invalid: ${problems.join(", ")}`;
        return [422, status(422, "Invalid", message, { name: object.metadata?.name, kind: resource })];
      }
      if (bucket.has(object.metadata.name)) {
        const message = `${resource} "${object.metadata.name}" already exists`;
        return [409, status(409, "AlreadyExists", message, { name: object.metadata.name, kind: resource })];
      }
      const stored = this.#stamp(object, namespace);
      if (request.query.dryRun === "All") return [201, stored];
      bucket.set(stored.metadata.name, stored);
      if (resource === "pods") this.#kubelet(namespace, stored);
      return [201, stored];
    }
    const existing = name ? bucket.get(name) : undefined;
    if (!existing || !name)
      return [404, status(404, "NotFound", `${resource} "${name}" not found`, { name, kind: resource })];
    if (verb === "delete") bucket.delete(name);
    return [200, existing];
  }

  #stamp(object: KubeObject, namespace: string): KubeObject {
    return {
      ...object,
      metadata: {
        ...object.metadata,
        namespace,
        uid: randomUUID(),
        creationTimestamp: new Date().toISOString(),
        resourceVersion: String(this.#resourceVersion++),
      },
      ...(object.kind === "Pod" ? { status: { phase: "Pending" } } : {}),
    };
  }

  /** What a kubelet would report for the new pod shortly after it was scheduled. */
  #kubelet(namespace: string, pod: KubeObject): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.object(namespace, "pods", pod.metadata.name) !== pod) return;
      const image = imageOf(pod);
      const missingSecret = referencedSecrets(pod).find((name) => !this.object(namespace, "secrets", name));
      let waiting: { reason: string; message: string } | null = null;
      if (missingSecret) {
        waiting = { reason: "CreateContainerConfigError", message: `secret "${missingSecret}" not found` };
      } else if (!this.pullableImages.has(image)) {
        waiting = { reason: "ImagePullBackOff", message: `Back-off pulling image "${image}"` };
        this.#event(
          namespace,
          pod,
          "Failed",
          `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found`,
        );
      }
      const state = waiting ? { waiting } : { running: { startedAt: new Date().toISOString() } };
      pod.status = {
        phase: waiting ? "Pending" : "Running",
        containerStatuses: [{ name: "agent", image, ready: !waiting, restartCount: 0, state }],
      };
    }, KUBELET_DELAY_MS);
    this.#timers.add(timer);
  }

  #event(namespace: string, pod: KubeObject, reason: string, message: string): void {
    const key = `${namespace}/events`;
    const bucket = this.#store.get(key) ?? new Map<string, KubeObject>();
    this.#store.set(key, bucket);
    const name = `${pod.metadata.name}.${Date.now().toString(16)}`;
    bucket.set(name, {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace, creationTimestamp: new Date().toISOString() },
      involvedObject: { kind: "Pod", name: pod.metadata.name, namespace },
      type: "Warning",
      reason,
      message,
      lastTimestamp: new Date().toISOString(),
    });
  }
}

function verbOf(method: string, name: string | undefined): string | null {
  if (method === "GET") return name ? "get" : "list";
  if (method === "POST" && !name) return "create";
  if (method === "DELETE" && name) return "delete";
  return null;
}
