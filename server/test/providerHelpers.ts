import fs from "node:fs";
import path from "node:path";
import type { ProviderDetails, ProviderDetailsList, Workspace } from "../../protocol/rest.js";
import type { FakeDockerEngine } from "./fakes/FakeDockerEngine.js";
import type { FakeKubernetes } from "./fakes/FakeKubernetes.js";
import { startTestServer, type TestClient, type TestServer, until } from "./helpers.js";

/** Provider timings short enough for tests: checks and compute polls in fractions of a second. */
export const FAST_PROVIDER_TIMINGS = {
  checkIntervalMs: 150,
  requestTimeoutMs: 1_000,
  computePollIntervalMs: 100,
  stopWaitMs: 2_000,
};

export const AGENT_IMAGE = "gangway/agent:test";
export const SA_TOKEN = "sa-token";

export function startProviderTestServer(overrides: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  return startTestServer({ providerTimings: FAST_PROVIDER_TIMINGS, ...overrides });
}

/** A valid Kubernetes provider body pointing at the fake cluster. */
export function kubernetesProviderBody(
  fake: FakeKubernetes,
  settings: Record<string, unknown> = {},
  name = "eu-cluster",
) {
  return {
    kind: "kubernetes",
    name,
    region: "eu-west-1",
    settings: {
      apiServer: fake.url,
      namespace: "gangway",
      token: SA_TOKEN,
      caCertificate: fake.ca,
      agentImage: AGENT_IMAGE,
      resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "2", memory: "4Gi" } },
      ...settings,
    },
  };
}

export function dockerProviderBody(
  fake: FakeDockerEngine,
  settings: Record<string, unknown> = {},
  name = "lab-docker",
) {
  return {
    kind: "docker",
    name,
    region: "lab",
    settings: {
      endpoint: { type: "socket", socketPath: fake.socketPath },
      image: AGENT_IMAGE,
      resources: { memory: "2g", cpus: 1.5 },
      ...settings,
    },
  };
}

/** Creates a provider as admin; fails the test unless it is created. */
export async function createProvider(admin: TestClient, body: unknown): Promise<ProviderDetails> {
  const response = await admin.post<ProviderDetails>("/providers", body);
  if (response.status !== 201) throw new Error(`create provider: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function providerOf(admin: TestClient, id: string): Promise<ProviderDetails> {
  return (await admin.get<ProviderDetails>(`/providers/${id}`)).body;
}

/** Waits until the provider has this status (health checks run every FAST_PROVIDER_TIMINGS.checkIntervalMs). */
export async function waitForProviderStatus(admin: TestClient, id: string, status: ProviderDetails["status"]) {
  let provider: ProviderDetails | undefined;
  await until(
    async () => {
      provider = await providerOf(admin, id);
      return provider.status === status;
    },
    10_000,
    `provider ${id} to be ${status} (last: ${provider?.status} ${provider?.statusMessage})`,
  );
  return provider as ProviderDetails;
}

export async function listAsAdmin(admin: TestClient): Promise<ProviderDetails[]> {
  return (await admin.get<ProviderDetailsList>("/providers")).body.providers;
}

export async function waitForWorkspaceStatus(client: TestClient, id: string, status: Workspace["status"]) {
  let workspace: Workspace | undefined;
  await until(
    async () => {
      workspace = (await client.get<Workspace>(`/workspaces/${id}`)).body;
      return workspace.status === status;
    },
    10_000,
    `workspace to be ${status} (last: ${workspace?.status} ${workspace?.statusMessage})`,
  );
  return workspace as Workspace;
}

/** Every byte of the SQLite database as stored on disk, WAL included. */
export function rawDatabaseBytes(dataDir: string): Buffer {
  const files = ["gangway.db", "gangway.db-wal"].map((name) => path.join(dataDir, name));
  return Buffer.concat(files.filter((file) => fs.existsSync(file)).map((file) => fs.readFileSync(file)));
}
