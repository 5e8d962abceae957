import type { ProviderCheck, ProviderDetails, User, Workspace, WorkspaceApp } from "../protocol/rest.js";

/**
 * Typed fixtures for the mock server and component tests. Built from the protocol types,
 * so a change to the contract breaks them at compile time instead of in a browser.
 */

export const MockAdmin: User = {
  id: "6f1c2a0e-5a53-4a8e-9d0b-1f0a4a0d1a01",
  username: "ada",
  role: "admin",
  createdAt: "2025-01-06T09:12:00.000Z",
};

export const MockMember: User = {
  id: "6f1c2a0e-5a53-4a8e-9d0b-1f0a4a0d1a02",
  username: "grace",
  role: "member",
  createdAt: "2025-02-11T14:30:00.000Z",
};

const HOUR = 3_600_000;
/** Times relative to when the mock starts, so "last seen 3 h ago" reads like a live system. */
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** Every mock user signs in with this password. */
export const MockPassword = "correct-horse";

/** A real (throw-away, self-signed) CA certificate, so forms and the mock's checks see a parsable PEM. */
export const MockCaCertificate = `-----BEGIN CERTIFICATE-----
MIIBhTCCASugAwIBAgIUaRwNR+OO5vJGdtM9YF0PvjXE4igwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNa3ViZXJuZXRlcy1jYTAeFw0yNjExMjkwNjExNDNaFw0zNjEx
MjYwNjExNDNaMBgxFjAUBgNVBAMMDWt1YmVybmV0ZXMtY2EwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAAT4vCkXEidwVxymIurhUrda0COiVfzY4Uy3OcxqsZxITtaQ
zYWZF7Q0hmwzCOtvlh6uoWtEU5Ze32VjNQQ0VpEso1MwUTAdBgNVHQ4EFgQUKmH2
PO+BuEzfOFS1D4QJFFU/VEcwHwYDVR0jBBgwFoAUKmH2PO+BuEzfOFS1D4QJFFU/
VEcwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiBonaPY4UeeDbUz
K3ufc3RAb28G5oaQg6QOpjicBSaBjgIhAMuoEwuGhoNrhEPtNHv0dXIS5ip2VA+v
1JfOr7WbnmU0
-----END CERTIFICATE-----`;

/** Provider counts are left at 0 here: the mock state counts the workspaces placed on each. */
export const MockLocalProvider: ProviderDetails = {
  id: "local",
  name: "This machine",
  kind: "local",
  region: "local",
  status: "ready",
  statusMessage: null,
  cordoned: false,
  lastCheckedAt: null,
  cordonReason: null,
  workspaceCount: 0,
  createdAt: ago(90 * 24 * HOUR),
  turnUrls: [],
  settings: {},
};

export const MockKubernetesProvider: ProviderDetails = {
  id: "k8s-eu-west",
  name: "EU West cluster",
  kind: "kubernetes",
  region: "eu-west-1",
  status: "ready",
  statusMessage: null,
  cordoned: false,
  lastCheckedAt: ago(HOUR / 180),
  cordonReason: null,
  workspaceCount: 0,
  createdAt: ago(60 * 24 * HOUR),
  turnUrls: [
    "turn:turn.eu-west-1.example.org:3478?transport=udp",
    "turns:turn.eu-west-1.example.org:5349?transport=tcp",
  ],
  settings: {
    apiServer: "https://k8s.eu-west-1.example.org:6443",
    namespace: "gangway-workspaces",
    caCertificate: MockCaCertificate,
    insecureSkipTlsVerify: false,
    agentImage: "ghcr.io/acme/gangway-agent:0.1.0",
    resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "2", memory: "4Gi" } },
    homeVolumeSize: "10Gi",
    storageClassName: null,
    hasToken: true,
    tokenFingerprint: "sha256:3f9a1c07be42",
  },
};

export const MockDockerProvider: ProviderDetails = {
  id: "docker-lab",
  name: "Lab Docker host",
  kind: "docker",
  region: "us-east",
  status: "error",
  statusMessage: "reach engine: Cannot reach tcp://10.0.4.2:2376: connect ECONNREFUSED 10.0.4.2:2376",
  cordoned: false,
  lastCheckedAt: ago(HOUR / 120),
  cordonReason: null,
  workspaceCount: 0,
  createdAt: ago(20 * 24 * HOUR),
  turnUrls: [],
  settings: {
    image: "gangway/agent:0.1.0",
    resources: { memory: "2g", cpus: 1.5 },
    endpoint: {
      type: "tcp",
      host: "10.0.4.2",
      port: 2376,
      caCertificate: MockCaCertificate,
      clientCertificate: MockCaCertificate,
      hasClientKey: true,
    },
  },
};

export const MockCordonedProvider: ProviderDetails = {
  ...MockKubernetesProvider,
  id: "k8s-us-east",
  name: "US East cluster",
  region: "us-east-1",
  cordoned: true,
  cordonReason: "Node pool upgrade until Friday",
  lastCheckedAt: ago(HOUR / 240),
  createdAt: ago(30 * 24 * HOUR),
  turnUrls: [],
  settings: {
    ...MockKubernetesProvider.settings,
    apiServer: "https://k8s.us-east-1.example.org:6443",
    tokenFingerprint: "sha256:c81d02e5a9f4",
  },
};

export const MockProviders: ProviderDetails[] = [
  MockLocalProvider,
  MockKubernetesProvider,
  MockDockerProvider,
  MockCordonedProvider,
];

/** What the mock's connection test finds on a healthy provider of each kind. */
export function passingChecks(provider: ProviderDetails): ProviderCheck[] {
  if (provider.kind === "kubernetes") {
    const { apiServer, namespace } = provider.settings;
    return [
      { name: "reach API server", passed: true, message: `Kubernetes v1.31.2 at ${apiServer}` },
      { name: "token accepted", passed: true, message: "The cluster accepted the service-account token." },
      ...MockKubernetesGrants.map((name) => ({ name, passed: true, message: "allowed" })),
      { name: "namespace exists", passed: true, message: `The namespace "${namespace}" exists.` },
    ];
  }
  if (provider.kind === "docker") {
    const { endpoint, image } = provider.settings;
    const where =
      endpoint.type === "socket" ? `unix://${endpoint.socketPath}` : `tcp://${endpoint.host}:${endpoint.port}`;
    return [
      { name: "reach engine", passed: true, message: `${where} answered.` },
      { name: "engine version", passed: true, message: "Docker 27.3.1 (API 1.47)" },
      { name: "image present", passed: true, message: `${image} is on the host.` },
    ];
  }
  return [{ name: "agent binary", passed: true, message: "The agent runs on the gateway's machine." }];
}

/** The grants the gateway's Role gives (docs/providers.md). */
const MockKubernetesGrants = [
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

/** The connection test of the Docker host in error. */
export const MockDockerFailingChecks: ProviderCheck[] = [
  {
    name: "reach engine",
    passed: false,
    message: "Cannot reach tcp://10.0.4.2:2376: connect ECONNREFUSED 10.0.4.2:2376",
  },
];

export const MockRunningWorkspace: Workspace = {
  id: "0b8e7d5c-1f2a-4c3b-8d9e-000000000001",
  name: "api-server",
  ownerId: MockAdmin.id,
  ownerName: MockAdmin.username,
  providerId: MockLocalProvider.id,
  providerName: MockLocalProvider.name,
  status: "running",
  statusMessage: null,
  agent: { connection: "connected", lastSeenAt: ago(HOUR / 360), version: "0.1.0" },
  createdAt: ago(12 * 24 * HOUR),
};

export const MockStoppedWorkspace: Workspace = {
  id: "0b8e7d5c-1f2a-4c3b-8d9e-000000000002",
  name: "docs-site",
  ownerId: MockAdmin.id,
  ownerName: MockAdmin.username,
  providerId: MockKubernetesProvider.id,
  providerName: MockKubernetesProvider.name,
  status: "stopped",
  statusMessage: null,
  agent: { connection: "disconnected", lastSeenAt: ago(3 * HOUR), version: "0.1.0" },
  createdAt: ago(40 * 24 * HOUR),
};

export const MockFailedWorkspace: Workspace = {
  id: "0b8e7d5c-1f2a-4c3b-8d9e-000000000003",
  name: "ml-train",
  ownerId: MockAdmin.id,
  ownerName: MockAdmin.username,
  providerId: MockKubernetesProvider.id,
  providerName: MockKubernetesProvider.name,
  status: "failed",
  statusMessage: "pod ml-train-0: 0/3 nodes are available: insufficient nvidia.com/gpu",
  agent: { connection: "disconnected", lastSeenAt: null, version: null },
  createdAt: ago(26 * HOUR),
};

/** A member's workspace on the cordoned cluster: cordoning keeps existing workspaces running. */
export const MockMemberWorkspace: Workspace = {
  id: "0b8e7d5c-1f2a-4c3b-8d9e-000000000004",
  name: "notebook",
  ownerId: MockMember.id,
  ownerName: MockMember.username,
  providerId: MockCordonedProvider.id,
  providerName: MockCordonedProvider.name,
  status: "running",
  statusMessage: null,
  agent: { connection: "connected", lastSeenAt: ago(HOUR / 720), version: "0.1.0" },
  createdAt: ago(5 * 24 * HOUR),
};

export const MockWorkspaces: Workspace[] = [
  MockRunningWorkspace,
  MockStoppedWorkspace,
  MockFailedWorkspace,
  MockMemberWorkspace,
];

/** The apps a connected mock workspace runs: code-server and a dev server on port 5173. */
export function mockApps(workspace: Workspace): WorkspaceApp[] {
  const origin = (slug: string) => `http://${slug}--${workspace.name}--${workspace.ownerName}.apps.localhost:7080`;
  return [
    {
      slug: "code-server",
      kind: "code-server",
      title: "code-server",
      port: null,
      process: null,
      origin: origin("code-server"),
    },
    { slug: "5173", kind: "port", title: "node", port: 5173, process: "node", origin: origin("5173") },
  ];
}
