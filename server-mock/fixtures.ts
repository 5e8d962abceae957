import type { Provider, User, Workspace } from "../protocol/rest.js";

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

export const MockLocalProvider: Provider = {
  id: "local",
  name: "This machine",
  kind: "local",
  region: "local",
  status: "ready",
  statusMessage: null,
  cordoned: false,
};

export const MockKubernetesProvider: Provider = {
  id: "k8s-eu-west",
  name: "EU West cluster",
  kind: "kubernetes",
  region: "eu-west-1",
  status: "ready",
  statusMessage: null,
  cordoned: false,
};

export const MockDockerProvider: Provider = {
  id: "docker-lab",
  name: "Lab Docker host",
  kind: "docker",
  region: "us-east",
  status: "error",
  statusMessage: "Cannot reach the Docker daemon at tcp://10.0.4.2:2376",
  cordoned: true,
};

export const MockProviders: Provider[] = [MockLocalProvider, MockKubernetesProvider, MockDockerProvider];

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

export const MockWorkspaces: Workspace[] = [MockRunningWorkspace, MockStoppedWorkspace, MockFailedWorkspace];
