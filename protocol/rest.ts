import { z } from "zod";

/**
 * REST API v1 bodies. Every route lives under `/api/v1`:
 *
 *   GET  /healthz                      Health (outside the prefix, no auth)
 *   GET  /setup  POST /setup           SetupStatus / SetupRequest -> SessionResponse
 *   POST /auth/login                   LoginRequest -> SessionResponse (sets the cookie)
 *   POST /auth/logout  GET /auth/me    -> 204 / SessionResponse
 *   GET  /users  POST /users           admin: UserList / CreateUserRequest -> User
 *   GET  /providers                    members: ProviderList (ready, uncordoned only);
 *                                      admins: ProviderDetailsList (all, with settings, no secrets)
 *   POST /providers                    admin: CreateProviderRequest -> ProviderDetails (201)
 *   GET  /providers/:id                admin: ProviderDetails
 *   PATCH /providers/:id               admin: UpdateProviderRequest -> ProviderDetails
 *   DELETE /providers/:id              admin: 204; 409 PROVIDER_IN_USE (names its workspaces),
 *                                      409 PROVIDER_BUILT_IN (the local provider)
 *   POST /providers/:id/test           admin: -> ProviderTestResult (also updates the status)
 *   POST /providers/:id/cordon         admin: CordonProviderRequest -> ProviderDetails
 *   POST /providers/:id/uncordon       admin: -> ProviderDetails
 *   GET  /workspaces  POST /workspaces WorkspaceList / CreateWorkspaceRequest -> Workspace (201)
 *   GET  /workspaces/:id  DELETE /workspaces/:id (204)
 *   POST /workspaces/:id/start  POST /workspaces/:id/stop -> Workspace
 *   GET  /workspaces/:id/apps          WorkspaceAppList: code-server and the listening ports
 *   POST /workspaces/:id/apps/:app/ticket  AppTicketRequest -> AppTicket (a one-use, 60 s link
 *                                      that signs the browser in on the app's own origin)
 *   GET  /debug/socket-bytes           admin: SocketBytes
 *   WS   /workspaces/:id/signal        browser signaling (signaling.ts)
 *   WS   /agent/connect                agent socket, `Authorization: Bearer <agent token>` (agent.ts)
 *   WS   /workspaces/:id/bench-relay   bench mode only: PTY bytes relayed through the server
 *
 * Errors use `ApiErrorBody` from
 * `errors.ts`. Mutating requests must send `Content-Type: application/json` (a cross-site
 * form cannot, which together with the SameSite session cookie blocks CSRF).
 */
export const API_PREFIX = "/api/v1";

/** Name of the HttpOnly, SameSite=Lax session cookie set by login and setup. */
export const SESSION_COOKIE = "gangway_session";

export const Role = z.enum(["admin", "member"]);
export type Role = z.infer<typeof Role>;

/**
 * A DNS label without "--": an app's hostname joins the app, the workspace name and the
 * username with "--" (`<app>--<workspace>--<user>.apps.<host>`), so no part may contain it,
 * or two users' apps could share an origin.
 */
const NAME_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const nameLabel = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(NAME_LABEL, "lowercase letters, digits and inner dashes only")
    .refine((name) => !name.includes("--"), "no two dashes in a row");

/** A login name: lowercase letters, digits and single dashes, as in a DNS label. */
export const Username = nameLabel(32);

export const Password = z.string().min(8, "at least 8 characters").max(256);

/** A user as the API shows it; never includes the password hash. */
export const User = z.object({
  id: z.string().uuid(),
  username: Username,
  role: Role,
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;

/** GET /setup: whether the first admin still has to be created. */
export const SetupStatus = z.object({ needsSetup: z.boolean() });
export type SetupStatus = z.infer<typeof SetupStatus>;

/** POST /setup: creates the first admin and signs them in. Refused once any user exists. */
export const SetupRequest = z.object({ username: Username, password: Password });
export type SetupRequest = z.infer<typeof SetupRequest>;

/** POST /auth/login. */
export const LoginRequest = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
export type LoginRequest = z.infer<typeof LoginRequest>;

/** Response of POST /setup, POST /auth/login and GET /auth/me. */
export const SessionResponse = z.object({ user: User });
export type SessionResponse = z.infer<typeof SessionResponse>;

/** POST /users (admin only): creates another user. */
export const CreateUserRequest = z.object({ username: Username, password: Password, role: Role });
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

/** GET /users (admin only). */
export const UserList = z.object({ users: z.array(User) });
export type UserList = z.infer<typeof UserList>;

export const ProviderKind = z.enum(["local", "kubernetes", "docker"]);
export type ProviderKind = z.infer<typeof ProviderKind>;

export const ProviderStatus = z.enum(["pending", "ready", "error"]);
export type ProviderStatus = z.infer<typeof ProviderStatus>;

/** A place where workspaces run. The built-in local provider always exists. */
export const Provider = z.object({
  id: z.string(),
  name: z.string(),
  kind: ProviderKind,
  region: z.string(),
  status: ProviderStatus,
  statusMessage: z.string().nullable(),
  cordoned: z.boolean(),
});
export type Provider = z.infer<typeof Provider>;

/** GET /providers: admins see all; members see ready, uncordoned ones. */
export const ProviderList = z.object({ providers: z.array(Provider) });
export type ProviderList = z.infer<typeof ProviderList>;

/*
 * Provider management (admins only; members get 403 FORBIDDEN on every route below and see
 * only ready, uncordoned providers in GET /providers). Every body is validated field by field:
 * a refusal is 400 INVALID_REQUEST whose message starts with the field's path, and nothing is
 * saved. Secrets (a Kubernetes token, a Docker client key) go in, never come out: responses
 * carry `hasToken`/`hasClientKey` and a short fingerprint instead.
 */

/** What developers pick when they create a workspace, e.g. "EU West cluster". Unique. */
export const ProviderName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64)
  .regex(/^[^\p{Cc}]+$/u, "must not contain control characters");

/** A free label for where the provider runs, e.g. "eu-west-1" or "Frankfurt". */
export const ProviderRegion = ProviderName;

/** A DNS-1123 label: what Kubernetes requires of a namespace name. */
export const Dns1123Label = z
  .string()
  .max(63, "must be at most 63 characters (a DNS-1123 label)")
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    "must be a DNS-1123 label: lowercase letters, digits and inner dashes, at most 63 characters",
  );

/** A DNS-1123 subdomain, e.g. a storage class name. */
export const Dns1123Subdomain = z
  .string()
  .max(253)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    "must be a DNS-1123 subdomain: lowercase letters, digits, dashes and dots",
  );

/** A Kubernetes resource quantity, e.g. "500m" CPU or "2Gi" memory. */
export const KubernetesQuantity = z
  .string()
  .regex(
    /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/,
    'must be a Kubernetes quantity such as "500m", "2" or "4Gi"',
  );

/** A container image reference, e.g. "ghcr.io/acme/gangway-agent:1.2". */
export const ImageReference = z
  .string()
  .min(1, "is required")
  .max(512)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/, "must be an image reference such as registry.example.org/agent:1.0");

/** A PEM certificate (the server also checks that it parses as X.509). */
export const PemCertificate = z
  .string()
  .max(65_536)
  .regex(/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/, "must be a PEM certificate");

/** A PEM private key (the server also checks that it parses and matches its certificate). */
export const PemPrivateKey = z
  .string()
  .max(65_536)
  .regex(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+-----END [A-Z ]*PRIVATE KEY-----/, "must be a PEM private key");

/** Requests or limits of the workspace pod's agent container. */
export const KubernetesResourceList = z.strictObject({
  cpu: KubernetesQuantity.optional(),
  memory: KubernetesQuantity.optional(),
});
export type KubernetesResourceList = z.infer<typeof KubernetesResourceList>;

export const KubernetesResources = z.strictObject({
  requests: KubernetesResourceList.default({}),
  limits: KubernetesResourceList.default({}),
});
export type KubernetesResources = z.infer<typeof KubernetesResources>;

/** Settings of a Kubernetes provider that are not secret (shared by requests and responses). */
const KubernetesSettingsFields = {
  /** The cluster's API server, e.g. https://203.0.113.7:6443. */
  apiServer: z.url({ protocol: /^https$/, error: "must be an https:// URL" }).max(2048),
  /** Where workspace pods, their token Secrets and home volumes are created. */
  namespace: Dns1123Label,
  /** The cluster's CA certificate; null only together with insecureSkipTlsVerify. */
  caCertificate: PemCertificate.nullable().default(null),
  /** Skips TLS verification of the API server. Explicit, never implied by a missing CA. */
  insecureSkipTlsVerify: z.boolean().default(false),
  /** Image whose entrypoint runs the Gangway agent. */
  agentImage: ImageReference,
  resources: KubernetesResources.default({ requests: {}, limits: {} }),
  /** Size of each workspace's home PersistentVolumeClaim. */
  homeVolumeSize: KubernetesQuantity.default("10Gi"),
  /** Storage class of home volumes; null uses the cluster's default class. */
  storageClassName: Dns1123Subdomain.nullable().default(null),
};

/** A Kubernetes provider's settings as the API shows them: the token only as a fingerprint. */
export const KubernetesSettings = z.object({
  ...KubernetesSettingsFields,
  hasToken: z.boolean(),
  /** "sha256:" + 12 hex digits of the token's sha256: tells whether the token changed. */
  tokenFingerprint: z.string().nullable(),
});
export type KubernetesSettings = z.infer<typeof KubernetesSettings>;

/** A service-account token (a JWT): secret, stored encrypted, never returned. */
export const ServiceAccountToken = z
  .string()
  .trim()
  .min(1, "is required")
  .max(16_384)
  .regex(/^[\x21-\x7e]+$/, "must be the token itself (printable characters, no spaces)");

function requireCaOrInsecure(
  settings: { caCertificate?: string | null; insecureSkipTlsVerify?: boolean },
  ctx: z.RefinementCtx,
) {
  if (settings.caCertificate && settings.insecureSkipTlsVerify) {
    ctx.addIssue({
      code: "custom",
      path: ["insecureSkipTlsVerify"],
      message: "must be false when caCertificate is given (pick one)",
    });
  } else if (!settings.caCertificate && !settings.insecureSkipTlsVerify) {
    ctx.addIssue({
      code: "custom",
      path: ["caCertificate"],
      message: "is required (the cluster's CA certificate), unless insecureSkipTlsVerify is true",
    });
  }
}

/** Kubernetes settings in POST /providers: everything, token included. */
export const KubernetesSettingsInput = z
  .strictObject({ ...KubernetesSettingsFields, token: ServiceAccountToken })
  .superRefine(requireCaOrInsecure);
export type KubernetesSettingsInput = z.infer<typeof KubernetesSettingsInput>;

/** Kubernetes settings in PATCH /providers/:id: replaces them all; an omitted token is kept. */
export const KubernetesSettingsUpdate = z
  .strictObject({ ...KubernetesSettingsFields, token: ServiceAccountToken.optional() })
  .superRefine(requireCaOrInsecure);
export type KubernetesSettingsUpdate = z.infer<typeof KubernetesSettingsUpdate>;

/** The Docker Engine's unix socket on the gateway's machine, e.g. /var/run/docker.sock. */
export const DockerSocketEndpoint = z.strictObject({
  type: z.literal("socket"),
  socketPath: z.string().max(1024).regex(/^\//, "must be an absolute path"),
});

/** Fields of a TCP endpoint (TLS always: a plain Docker TCP port is root on that host for anyone). */
const DockerTcpFields = {
  type: z.literal("tcp"),
  host: z
    .string()
    .min(1, "is required")
    .max(253)
    .regex(/^[A-Za-z0-9.\-:[\]]+$/, "must be a host name or IP address"),
  port: z.number().int().min(1).max(65_535).default(2376),
  /** CA that signed the engine's server certificate. */
  caCertificate: PemCertificate,
  /** Client certificate the engine trusts (`--tlsverify`). */
  clientCertificate: PemCertificate,
};

export const DockerTcpEndpoint = z.object({ ...DockerTcpFields, hasClientKey: z.boolean() });
export const DockerEndpoint = z.discriminatedUnion("type", [DockerSocketEndpoint, DockerTcpEndpoint]);
export type DockerEndpoint = z.infer<typeof DockerEndpoint>;

const DockerTcpEndpointInput = z.strictObject({ ...DockerTcpFields, clientKey: PemPrivateKey });
const DockerTcpEndpointUpdate = z.strictObject({ ...DockerTcpFields, clientKey: PemPrivateKey.optional() });

/** Limits of each workspace container; null means none. */
export const DockerResources = z.strictObject({
  /** Docker's memory notation: bytes or a number with b, k, m or g, e.g. "2g". */
  memory: z
    .string()
    .regex(/^[0-9]+[bkmg]?$/, 'must be a size such as "512m" or "2g"')
    .nullable()
    .default(null),
  /** CPUs, e.g. 1.5. */
  cpus: z.number().positive().max(1024).nullable().default(null),
});
export type DockerResources = z.infer<typeof DockerResources>;

const DockerSettingsFields = {
  /** Image whose entrypoint runs the Gangway agent; must be present on the host. */
  image: ImageReference,
  resources: DockerResources.default({ memory: null, cpus: null }),
};

/** A Docker provider's settings as the API shows them (the client key never). */
export const DockerSettings = z.object({ ...DockerSettingsFields, endpoint: DockerEndpoint });
export type DockerSettings = z.infer<typeof DockerSettings>;

/** Docker settings in POST /providers. */
export const DockerSettingsInput = z.strictObject({
  ...DockerSettingsFields,
  endpoint: z.discriminatedUnion("type", [DockerSocketEndpoint, DockerTcpEndpointInput]),
});
export type DockerSettingsInput = z.infer<typeof DockerSettingsInput>;

/** Docker settings in PATCH /providers/:id: replaces them all; an omitted client key is kept. */
export const DockerSettingsUpdate = z.strictObject({
  ...DockerSettingsFields,
  endpoint: z.discriminatedUnion("type", [DockerSocketEndpoint, DockerTcpEndpointUpdate]),
});
export type DockerSettingsUpdate = z.infer<typeof DockerSettingsUpdate>;

/** A TURN server URL as `RTCIceServer.urls` takes it; `turns:` is TURN over TLS. */
export const TurnUrl = z
  .string()
  .max(512)
  .regex(
    /^(turn:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(\?transport=(udp|tcp))?|turns:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(\?transport=tcp)?)$/,
    "must be a TURN URL such as turn:turn.example.com:3478?transport=udp or turns:turn.example.com:5349?transport=tcp",
  );

/**
 * TURN servers in the provider's own region, offered to its workspaces' connections before
 * the gateway's own (`GANGWAY_TURN_URLS`). They must share the gateway's TURN secret, which
 * signs every credential. Empty or absent: the gateway's TURN servers only.
 */
export const ProviderTurnUrls = z.array(TurnUrl).max(8);

/** The local provider has no settings. */
export const LocalSettings = z.strictObject({});

/** What admins see beyond `Provider`. */
const ProviderDetailsFields = {
  /** ISO time of the last health check; null before the first. */
  lastCheckedAt: z.string().nullable(),
  /** Why it was cordoned; null when not cordoned. */
  cordonReason: z.string().nullable(),
  /** Workspaces placed on this provider, whatever their status. */
  workspaceCount: z.number().int().min(0),
  createdAt: z.string(),
  /** TURN servers of the provider's region (see ProviderTurnUrls); absent from older gateways. */
  turnUrls: ProviderTurnUrls.optional(),
};

/** A provider as admins see it: status details, workspace count, settings without secrets. */
export const ProviderDetails = z.discriminatedUnion("kind", [
  Provider.extend({ ...ProviderDetailsFields, kind: z.literal("local"), settings: LocalSettings }),
  Provider.extend({ ...ProviderDetailsFields, kind: z.literal("kubernetes"), settings: KubernetesSettings }),
  Provider.extend({ ...ProviderDetailsFields, kind: z.literal("docker"), settings: DockerSettings }),
]);
export type ProviderDetails = z.infer<typeof ProviderDetails>;

/** GET /providers as an admin. */
export const ProviderDetailsList = z.object({ providers: z.array(ProviderDetails) });
export type ProviderDetailsList = z.infer<typeof ProviderDetailsList>;

/**
 * POST /providers: a new Kubernetes or Docker provider (the local one is built in). It starts
 * "pending"; the gateway checks it at once and it turns "ready" or "error". A taken name is
 * 409 CONFLICT.
 */
export const CreateProviderRequest = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("kubernetes"),
    name: ProviderName,
    region: ProviderRegion,
    settings: KubernetesSettingsInput,
    turnUrls: ProviderTurnUrls.optional(),
  }),
  z.strictObject({
    kind: z.literal("docker"),
    name: ProviderName,
    region: ProviderRegion,
    settings: DockerSettingsInput,
    turnUrls: ProviderTurnUrls.optional(),
  }),
]);
export type CreateProviderRequest = z.infer<typeof CreateProviderRequest>;

/**
 * PATCH /providers/:id: `kind` must be the provider's own (a kind never changes); omitted
 * fields stay as they are; `settings`, when present, replaces all settings (secrets omitted
 * from it are kept). Changed settings send the provider back to "pending" and re-check it.
 * `turnUrls` replaces the provider's TURN servers (`[]` clears them) and needs no re-check.
 */
export const UpdateProviderRequest = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("local"),
    name: ProviderName.optional(),
    region: ProviderRegion.optional(),
    turnUrls: ProviderTurnUrls.optional(),
  }),
  z.strictObject({
    kind: z.literal("kubernetes"),
    name: ProviderName.optional(),
    region: ProviderRegion.optional(),
    settings: KubernetesSettingsUpdate.optional(),
    turnUrls: ProviderTurnUrls.optional(),
  }),
  z.strictObject({
    kind: z.literal("docker"),
    name: ProviderName.optional(),
    region: ProviderRegion.optional(),
    settings: DockerSettingsUpdate.optional(),
    turnUrls: ProviderTurnUrls.optional(),
  }),
]);
export type UpdateProviderRequest = z.infer<typeof UpdateProviderRequest>;

/** POST /providers/:id/cordon: no new workspaces go there; existing ones keep running. */
export const CordonProviderRequest = z.strictObject({
  reason: z.string().trim().min(1, "is required").max(500),
});
export type CordonProviderRequest = z.infer<typeof CordonProviderRequest>;

/** One step of a connection test, e.g. "create pods" or "image present". */
export const ProviderCheck = z.object({
  name: z.string(),
  passed: z.boolean(),
  /** What was found, or exactly what is missing and how to fix it. */
  message: z.string(),
});
export type ProviderCheck = z.infer<typeof ProviderCheck>;

/** POST /providers/:id/test: ok when every check passed; the provider's new status is in `provider`. */
export const ProviderTestResult = z.object({
  ok: z.boolean(),
  checks: z.array(ProviderCheck),
  provider: ProviderDetails,
});
export type ProviderTestResult = z.infer<typeof ProviderTestResult>;

/** Lifecycle of a workspace's compute. */
export const WorkspaceStatus = z.enum(["stopped", "starting", "running", "stopping", "failed"]);
export type WorkspaceStatus = z.infer<typeof WorkspaceStatus>;

/** Whether the workspace's agent currently holds its outbound socket to the gateway. */
export const AgentConnection = z.enum(["connected", "disconnected"]);
export type AgentConnection = z.infer<typeof AgentConnection>;

/** A workspace name: a DNS label without "--", unique per owner. */
export const WorkspaceName = nameLabel(32);

/** An ICE candidate's type (RFC 8445): where the address comes from. */
export const CandidateType = z.enum(["host", "srflx", "prflx", "relay", "unknown"]);
export type CandidateType = z.infer<typeof CandidateType>;

/**
 * One browser's live peer connection to the workspace's agent, as the agent reports it (it
 * reads its selected ICE candidate pair). "relay" when either end is a TURN relay candidate.
 */
export const WorkspaceConnection = z.object({
  path: z.enum(["direct", "relay"]),
  /** The agent's end of the selected pair. */
  agentCandidate: CandidateType,
  /** The browser's end as the agent sees it: "relay" when the browser uses TURN, often "prflx" behind a NAT. */
  browserCandidate: CandidateType,
  /** The agent's transport to its next hop (the browser or the TURN server). */
  protocol: z.enum(["udp", "tcp"]),
  /** ISO time the agent saw this connection up. */
  connectedAt: z.string(),
});
export type WorkspaceConnection = z.infer<typeof WorkspaceConnection>;

export const Workspace = z.object({
  id: z.string().uuid(),
  name: WorkspaceName,
  ownerId: z.string().uuid(),
  ownerName: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  status: WorkspaceStatus,
  /** Why the workspace failed, when status is "failed". */
  statusMessage: z.string().nullable(),
  agent: z.object({
    connection: AgentConnection,
    /** ISO time the agent was last heard from; null if never. */
    lastSeenAt: z.string().nullable(),
    /** Agent's self-reported version, once connected. */
    version: z.string().nullable(),
  }),
  /** Browsers connected to the agent right now and the path each uses; absent from older gateways. */
  connections: z.array(WorkspaceConnection).optional(),
  createdAt: z.string(),
});
export type Workspace = z.infer<typeof Workspace>;

/** GET /workspaces: the caller's own workspaces. */
export const WorkspaceList = z.object({ workspaces: z.array(Workspace) });
export type WorkspaceList = z.infer<typeof WorkspaceList>;

/** POST /workspaces: creates and starts a workspace. providerId defaults to "local". */
export const CreateWorkspaceRequest = z.object({
  name: WorkspaceName,
  providerId: z.string().min(1).max(64).optional(),
});
export type CreateWorkspaceRequest = z.infer<typeof CreateWorkspaceRequest>;

/** GET /healthz. */
export const Health = z.object({ status: z.literal("ok"), version: z.string(), protocolVersion: z.number() });
export type Health = z.infer<typeof Health>;

/**
 * GET /debug/socket-bytes (admin only): bytes each open WebSocket carried so far. Lets a
 * test (and an operator) see that terminal traffic does not pass through the gateway.
 */
export const SocketBytes = z.object({
  sockets: z.array(
    z.object({
      kind: z.enum(["signaling", "agent", "relay"]),
      workspaceId: z.string(),
      bytesIn: z.number(),
      bytesOut: z.number(),
    }),
  ),
});
export type SocketBytes = z.infer<typeof SocketBytes>;

// ---- apps ------------------------------------------------------------------------------
//
// Every app (code-server, or any port a workspace listens on) runs on its own origin,
// `<app>--<workspace>--<user>.<apps domain>` (docs/adr/0007-app-origins.md); the
// dashboard's cookie never reaches it. Paths under `/__gangway/` on an app origin are the
// gateway's (APP_ORIGIN_PREFIX); everything else belongs to the app.

/** Reserved path prefix on an app origin: the gateway's host page, service worker and sockets. */
export const APP_ORIGIN_PREFIX = "/__gangway/";

/**
 * Name of the cookie an app origin gets from a ticket: HttpOnly, SameSite=Strict, host-only,
 * Path=/__gangway/, so the app's own requests and scripts never see it.
 */
export const APP_SESSION_COOKIE = "gangway_app";

/** An app's name in its hostname: "code-server", or a port number in decimal. */
export const AppSlug = z
  .string()
  .regex(/^(code-server|[1-9][0-9]{0,4})$/, 'must be "code-server" or a port number')
  .refine((slug) => slug === "code-server" || Number(slug) <= 65535, "port must be 1-65535");
export type AppSlug = z.infer<typeof AppSlug>;

/** One app of a workspace, as the workspace page lists it. */
export const WorkspaceApp = z.object({
  slug: AppSlug,
  kind: z.enum(["code-server", "port"]),
  /** "code-server", or the listening process's name ("node", "python3") or "Port 8080". */
  title: z.string(),
  /** The port, for kind "port"; null for code-server (the agent picks its port). */
  port: z.number().int().min(1).max(65535).nullable(),
  /** The listening process's name, where the agent could read it. */
  process: z.string().nullable(),
  /** The app's origin, e.g. http://code-server--dev--alice.apps.localhost:7080 */
  origin: z.string(),
});
export type WorkspaceApp = z.infer<typeof WorkspaceApp>;

/**
 * GET /workspaces/:id/apps. `apps` is empty while the agent is not connected; `reason` then
 * says why (for the page to show instead of an empty list).
 */
export const WorkspaceAppList = z.object({ apps: z.array(WorkspaceApp), reason: z.string().nullable() });
export type WorkspaceAppList = z.infer<typeof WorkspaceAppList>;

/** POST /workspaces/:id/apps/:app/ticket: the path to open inside the app (default "/"). */
export const AppTicketRequest = z.object({
  path: z
    .string()
    .max(2048)
    .regex(/^\/[!-~]*$/, 'must start with "/" (printable ASCII)')
    .optional(),
});
export type AppTicketRequest = z.infer<typeof AppTicketRequest>;

/** A one-use link, valid for `expiresInMs`, that signs this browser in on the app's origin. */
export const AppTicket = z.object({ url: z.string(), origin: z.string(), expiresInMs: z.number().int() });
export type AppTicket = z.infer<typeof AppTicket>;

/** GET /__gangway/info on an app origin (app session cookie): what this origin is. */
export const AppOriginInfo = z.object({
  workspaceId: z.string().uuid(),
  workspaceName: z.string(),
  slug: AppSlug,
  title: z.string(),
  /** Where to send the user to sign in again or to go back. */
  dashboardUrl: z.string(),
});
export type AppOriginInfo = z.infer<typeof AppOriginInfo>;
