/**
 * The Kubernetes provider against a FAKE Kubernetes API server (fakes/FakeKubernetes.ts): no
 * cluster can run on the test machine and the fake cannot run the agent image, so a test plays
 * the agent itself, with the token and gateway URL it reads from the Secret the provider made.
 * That proves the token path end to end: provider → Secret → (agent) → gateway.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { ProviderDetails, ProviderTestResult, Workspace } from "../../protocol/rest.js";
import { SECRET_KEY_FILE } from "../secrets/secretKey.js";
import { agentSocket, FakeAgent } from "./fakeAgent.js";
import { ALL_GRANTS, FakeKubernetes } from "./fakes/FakeKubernetes.js";
import type { KubeObject } from "./fakes/kubernetesObjects.js";
import { selfSignedCertificate } from "./fakes/selfSignedCertificate.js";
import { createMember, setupAdmin, TestClient, type TestServer, until, wsWait } from "./helpers.js";
import {
  createProvider,
  kubernetesProviderBody,
  listAsAdmin,
  providerOf,
  rawDatabaseBytes,
  SA_TOKEN,
  startProviderTestServer,
  waitForProviderStatus,
  waitForWorkspaceStatus,
} from "./providerHelpers.js";

let server: TestServer;
let cluster: FakeKubernetes;
let admin: TestClient;

beforeEach(async () => {
  cluster = await FakeKubernetes.start();
  server = await startProviderTestServer();
  admin = await setupAdmin(server, "root");
});

afterEach(async () => {
  await server.close();
  await cluster.close();
});

async function readyProvider(settings: Record<string, unknown> = {}): Promise<ProviderDetails> {
  const created = await createProvider(admin, kubernetesProviderBody(cluster, settings));
  expect(created.status).toBe("pending");
  return waitForProviderStatus(admin, created.id, "ready");
}

/** The agent token and gateway URL the provider put in the workspace's Secret. */
function agentSecret(workspaceId: string): { token: string; url: string } {
  const secret = cluster.object("gangway", "secrets", `gangway-${workspaceId}-agent`);
  if (!secret) throw new Error("no agent Secret");
  const data = secret.data as Record<string, string>;
  const decode = (key: string) => Buffer.from(data[key] ?? "", "base64").toString();
  return { token: decode("agentToken"), url: decode("gatewayUrl") };
}

type PodSpec = {
  hostNetwork?: boolean;
  automountServiceAccountToken?: boolean;
  securityContext?: { runAsNonRoot?: boolean };
  containers: {
    image: string;
    ports?: unknown[];
    env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
    resources: unknown;
  }[];
  volumes: { persistentVolumeClaim?: { claimName: string } }[];
};

const podsOf = (workspaceId: string): KubeObject[] =>
  cluster.objects("gangway", "pods").filter((pod) => pod.metadata.labels?.["gangway/workspace-id"] === workspaceId);

/** Only pods, secrets and PVCs were ever written: no Service, Ingress or other inbound path. */
function expectOnlyWorkspaceObjectsWritten(): void {
  for (const write of cluster.writes()) {
    expect(write).toMatch(
      /^(POST|DELETE) \/api\/v1\/namespaces\/gangway\/(pods|secrets|persistentvolumeclaims)(\/[^/]+)?$|^POST \/apis\/authorization\.k8s\.io\/v1\/selfsubjectaccessreviews$/,
    );
  }
  expect(cluster.requests.some((request) => /services|ingress|nodeport/i.test(request.path))).toBe(false);
}

describe("Kubernetes workspaces", () => {
  test("start makes a Secret, a PVC and a port-less Pod that reads its token from the Secret; the agent's token gets it running", async () => {
    const provider = await readyProvider();
    const bob = await createMember(server, admin, "bob");
    const created = await bob.post<Workspace>("/workspaces", { name: "dev", providerId: provider.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "starting", providerName: "eu-cluster" });
    const id = created.body.id;

    const pods = podsOf(id);
    expect(pods).toHaveLength(1);
    const pod = pods[0] as KubeObject;
    expect(pod.metadata.labels).toMatchObject({
      "app.kubernetes.io/managed-by": "gangway",
      "gangway/workspace-id": id,
      "gangway/workspace-name": "dev",
    });
    const spec = pod.spec as PodSpec;
    expect(spec.hostNetwork).toBe(false);
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.securityContext?.runAsNonRoot).toBe(true);
    expect(spec.containers).toHaveLength(1);
    const [container] = spec.containers;
    expect(container?.image).toBe("gangway/agent:test");
    expect(container?.ports).toBeUndefined();
    expect(container?.resources).toEqual({
      requests: { cpu: "250m", memory: "512Mi" },
      limits: { cpu: "2", memory: "4Gi" },
    });
    const env = Object.fromEntries(container?.env.map((entry) => [entry.name, entry]) ?? []);
    expect(env.GANGWAY_AGENT_TOKEN?.valueFrom?.secretKeyRef).toEqual({
      name: `gangway-${id}-agent`,
      key: "agentToken",
    });
    expect(env.GANGWAY_URL?.valueFrom?.secretKeyRef).toEqual({ name: `gangway-${id}-agent`, key: "gatewayUrl" });
    expect(env.GANGWAY_AGENT_TOKEN?.value).toBeUndefined();
    expect(spec.volumes[0]?.persistentVolumeClaim?.claimName).toBe(`gangway-${id}-home`);
    expect(cluster.object("gangway", "persistentvolumeclaims", `gangway-${id}-home`)).toBeDefined();

    const { token, url } = agentSecret(id);
    expect(url).toBe(server.url);
    expect(JSON.stringify(pod)).not.toContain(token);
    const agent = await FakeAgent.connect({ url }, token);
    const running = await waitForWorkspaceStatus(bob, id, "running");
    expect(running.agent.connection).toBe("connected");
    agent.close();
    expectOnlyWorkspaceObjectsWritten();
  });

  test("stop deletes the Pod and the token Secret and keeps the PVC; delete removes everything", async () => {
    const provider = await readyProvider();
    const workspace = (await admin.post<Workspace>("/workspaces", { name: "dev", providerId: provider.id })).body;
    const { token } = agentSecret(workspace.id);
    const firstPod = podsOf(workspace.id)[0]?.metadata.name;

    const stopped = await admin.post<Workspace>(`/workspaces/${workspace.id}/stop`);
    expect(stopped.body.status).toBe("stopped");
    expect(podsOf(workspace.id)).toHaveLength(0);
    expect(cluster.object("gangway", "secrets", `gangway-${workspace.id}-agent`)).toBeUndefined();
    expect(cluster.object("gangway", "persistentvolumeclaims", `gangway-${workspace.id}-home`)).toBeDefined();
    expect(await wsWait(agentSocket(server, token))).toMatchObject({ refused: true, status: 401 });

    const restarted = await admin.post<Workspace>(`/workspaces/${workspace.id}/start`);
    expect(restarted.body.status).toBe("starting");
    expect(podsOf(workspace.id)).toHaveLength(1);
    expect(podsOf(workspace.id)[0]?.metadata.name).not.toBe(firstPod);
    expect(agentSecret(workspace.id).token).not.toBe(token);

    expect((await admin.delete(`/workspaces/${workspace.id}`)).status).toBe(204);
    expect(podsOf(workspace.id)).toHaveLength(0);
    expect(cluster.objects("gangway", "secrets")).toHaveLength(0);
    expect(cluster.objects("gangway", "persistentvolumeclaims")).toHaveLength(0);
    expectOnlyWorkspaceObjectsWritten();
  });

  test("an image that cannot be pulled fails the workspace with ImagePullBackOff and the pull error", async () => {
    const provider = await readyProvider({ agentImage: "gangway/agent:missing" });
    const workspace = (await admin.post<Workspace>("/workspaces", { name: "dev", providerId: provider.id })).body;
    const failed = await waitForWorkspaceStatus(admin, workspace.id, "failed");
    expect(failed.statusMessage).toContain("ImagePullBackOff");
    expect(failed.statusMessage).toContain('Failed to pull image "gangway/agent:missing"');
  });

  test("a pod deleted behind the gateway's back fails the workspace", async () => {
    const provider = await readyProvider();
    const workspace = (await admin.post<Workspace>("/workspaces", { name: "dev", providerId: provider.id })).body;
    // What `kubectl delete pod` by someone else would do.
    cluster.deleteObject("gangway", "pods", podsOf(workspace.id)[0]?.metadata.name ?? "");
    const failed = await waitForWorkspaceStatus(admin, workspace.id, "failed");
    expect(failed.statusMessage).toMatch(/no longer exists/);
  });
});

describe("connection test", () => {
  test("reports every check passing on a correctly set-up namespace", async () => {
    const provider = await readyProvider();
    const result = await admin.post<ProviderTestResult>(`/providers/${provider.id}/test`);
    expect(result.body.ok).toBe(true);
    expect(result.body.checks.map((check) => check.name)).toEqual([
      "reach API server",
      "token accepted",
      ...ALL_GRANTS,
      "namespace exists",
    ]);
    expect(result.body.provider).toMatchObject({
      status: "ready",
      statusMessage: null,
      lastCheckedAt: expect.any(String),
    });
    // A dry run never stores the probe Secret.
    expect(cluster.objects("gangway", "secrets")).toHaveLength(0);
  });

  test("names exactly the permissions the service account lacks", async () => {
    cluster.roleGrants.set(
      "gangway",
      new Set(ALL_GRANTS.filter((grant) => grant !== "delete secrets" && grant !== "list events")),
    );
    const created = await createProvider(admin, kubernetesProviderBody(cluster));
    const result = (await admin.post<ProviderTestResult>(`/providers/${created.id}/test`)).body;
    expect(result.ok).toBe(false);
    const failed = result.checks.filter((check) => !check.passed);
    expect(failed).toEqual([
      {
        name: "delete secrets",
        passed: false,
        message: 'missing: the service account may not delete secrets in namespace "gangway"',
      },
      {
        name: "list events",
        passed: false,
        message: 'missing: the service account may not list events in namespace "gangway"',
      },
    ]);
    expect(result.provider).toMatchObject({
      status: "error",
      statusMessage: "2 checks failed: delete secrets, list events. Run the connection test for details.",
    });
  });

  test("a wrong token, a missing namespace and a namespace without permissions are told apart", async () => {
    const wrongToken = await createProvider(
      admin,
      kubernetesProviderBody(cluster, { token: "not-the-token" }, "wrong-token"),
    );
    const tokenResult = (await admin.post<ProviderTestResult>(`/providers/${wrongToken.id}/test`)).body;
    expect(tokenResult.checks.at(-1)).toMatchObject({
      name: "token accepted",
      passed: false,
      message: expect.stringContaining("401"),
    });

    for (const grant of ALL_GRANTS) cluster.clusterGrants.add(grant);
    const missing = await createProvider(
      admin,
      kubernetesProviderBody(cluster, { namespace: "nowhere" }, "missing-ns"),
    );
    const missingResult = (await admin.post<ProviderTestResult>(`/providers/${missing.id}/test`)).body;
    expect(missingResult.checks.at(-1)).toEqual({
      name: "namespace exists",
      passed: false,
      message: 'The namespace "nowhere" does not exist.',
    });

    cluster.clusterGrants.clear();
    const bare = await createProvider(admin, kubernetesProviderBody(cluster, { namespace: "other" }, "no-rbac"));
    const bareResult = (await admin.post<ProviderTestResult>(`/providers/${bare.id}/test`)).body;
    expect(bareResult.checks.at(-1)?.message).toMatch(/no permissions in namespace "other"/);
  });

  test("a CA that did not sign the API server's certificate fails the first check", async () => {
    const provider = await createProvider(
      admin,
      kubernetesProviderBody(cluster, { caCertificate: selfSignedCertificate("someone-else").cert }),
    );
    const result = (await admin.post<ProviderTestResult>(`/providers/${provider.id}/test`)).body;
    expect(result.checks).toEqual([
      { name: "reach API server", passed: false, message: expect.stringMatching(/certificate/i) },
    ]);
  });
});

describe("health", () => {
  test("an unreachable cluster turns the provider to error, and it recovers by itself", async () => {
    const provider = await readyProvider();
    await cluster.stopListening();
    // A check already under way may fail half-way; the next one fails at the first step.
    await until(async () =>
      /^reach API server: Cannot reach https:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/.test(
        (await providerOf(admin, provider.id)).statusMessage ?? "",
      ),
    );
    const bob = await createMember(server, admin, "bob");
    expect((await bob.get<{ providers: { id: string }[] }>("/providers")).body.providers.map((p) => p.id)).toEqual([
      "local",
    ]);
    const refused = await bob.post("/workspaces", { name: "dev", providerId: provider.id });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: "PROVIDER_UNAVAILABLE" } } });

    await cluster.listenAgain();
    await waitForProviderStatus(admin, provider.id, "ready");
  });

  test("500s and timeouts are errors too", async () => {
    const provider = await readyProvider();
    const messageMatches = (pattern: RegExp) => async () =>
      pattern.test((await providerOf(admin, provider.id)).statusMessage ?? "");
    cluster.mode = "error500";
    await until(messageMatches(/^reach API server: Error from https:\S+: 500: Internal error occurred/));
    cluster.mode = "hang";
    await until(messageMatches(/^reach API server: Cannot reach https:\S+: no answer from the API server in time/));
    cluster.mode = "normal";
    await waitForProviderStatus(admin, provider.id, "ready");
  });
});

describe("secrets", () => {
  test("the service-account token is encrypted in the database, absent from responses and from logs", async () => {
    const token = `sa-token-${"x".repeat(40)}`;
    cluster.tokens.set(token, "system:serviceaccount:gangway:gangway");
    const created = await createProvider(admin, kubernetesProviderBody(cluster, { token }));
    const provider = await waitForProviderStatus(admin, created.id, "ready");
    expect(provider.settings).toMatchObject({
      hasToken: true,
      tokenFingerprint: expect.stringMatching(/^sha256:[0-9a-f]{12}$/),
    });
    const workspace = (await admin.post<Workspace>("/workspaces", { name: "dev", providerId: provider.id })).body;
    const agentToken = agentSecret(workspace.id).token;
    await admin.post<Workspace>(`/workspaces/${workspace.id}/stop`);

    const responses = JSON.stringify([await listAsAdmin(admin), (await admin.get(`/providers/${provider.id}`)).body]);
    expect(responses).not.toContain(token);
    expect(rawDatabaseBytes(server.dataDir).includes(token)).toBe(false);
    expect(rawDatabaseBytes(server.dataDir).includes(agentToken)).toBe(false);
    expect(server.logs()).not.toContain(token);
    expect(server.logs()).not.toContain(agentToken);
    expect(server.logs()).toContain("provider created");
    const keyFile = fs.statSync(path.join(server.dataDir, SECRET_KEY_FILE));
    expect(keyFile.mode & 0o777).toBe(0o600);
  });

  test("PATCH without a token keeps it; with one replaces it", async () => {
    const provider = await readyProvider();
    const fingerprint = (provider.settings as { tokenFingerprint: string }).tokenFingerprint;
    const { token: _token, ...withoutToken } = kubernetesProviderBody(cluster).settings;
    const kept = await admin.fetch<ProviderDetails>("PATCH", `/providers/${provider.id}`, {
      kind: "kubernetes",
      settings: { ...withoutToken, agentImage: "gangway/agent:v2" },
    });
    expect(kept.status).toBe(200);
    expect(kept.body.settings).toMatchObject({ tokenFingerprint: fingerprint, agentImage: "gangway/agent:v2" });
    expect(kept.body.status).toBe("pending");
    cluster.tokens.set("rotated-token", "system:serviceaccount:gangway:gangway");
    const replaced = await admin.fetch<ProviderDetails>("PATCH", `/providers/${provider.id}`, {
      kind: "kubernetes",
      settings: { ...withoutToken, token: "rotated-token" },
    });
    expect((replaced.body.settings as { tokenFingerprint: string }).tokenFingerprint).not.toBe(fingerprint);
    await waitForProviderStatus(admin, provider.id, "ready");
  });
});

describe("gateway restart", () => {
  test("the stored key decrypts the provider again and a running pod is adopted, not recreated", async () => {
    const provider = await readyProvider();
    const workspace = (await admin.post<Workspace>("/workspaces", { name: "dev", providerId: provider.id })).body;
    const pod = podsOf(workspace.id)[0]?.metadata.name;
    const { dataDir } = server;
    await server.close({ keepData: true, stopWorkspaces: false });

    server = await startProviderTestServer({ dataDir });
    const again = new TestClientFor(server, admin);
    await waitForProviderStatus(again, provider.id, "ready");
    expect(podsOf(workspace.id).map((p) => p.metadata.name)).toEqual([pod]);
    // The pod keeps its Secret; only the test gateway's port moved (a real one keeps its access URL).
    const { token, url } = agentSecret(workspace.id);
    const agent = await FakeAgent.connect({ url: url.replace(/:\d+$/, `:${new URL(server.url).port}`) }, token);
    await waitForWorkspaceStatus(again, workspace.id, "running");
    agent.close();
  });

  test("with another secret key the provider turns to error and asks for its token again", async () => {
    const provider = await readyProvider();
    const { dataDir } = server;
    await server.close({ keepData: true });

    server = await startProviderTestServer({ dataDir, secretKey: Buffer.alloc(32, 7) });
    const again = new TestClientFor(server, admin);
    const broken = await waitForProviderStatus(again, provider.id, "error");
    expect(broken.statusMessage).toMatch(/do not decrypt with this gateway's secret key/);
    expect(broken.settings).toMatchObject({ hasToken: true, tokenFingerprint: null });
    const { token: _token, ...withoutToken } = kubernetesProviderBody(cluster).settings;
    const refused = await again.fetch("PATCH", `/providers/${provider.id}`, {
      kind: "kubernetes",
      settings: withoutToken,
    });
    expect(refused.body).toMatchObject({
      error: {
        code: "INVALID_REQUEST",
        message: expect.stringMatching(/^settings\.token: is required \(the stored one does not decrypt/),
      },
    });
    const fixed = await again.fetch("PATCH", `/providers/${provider.id}`, {
      kind: "kubernetes",
      settings: { ...withoutToken, token: SA_TOKEN },
    });
    expect(fixed.status).toBe(200);
    await waitForProviderStatus(again, provider.id, "ready");
  });
});

/** The same signed-in browser, pointed at a restarted server (its port changed). */
class TestClientFor extends TestClient {
  constructor(server: TestServer, from: TestClient) {
    super(server);
    this.cookie = from.cookie;
  }
}

describe("disposal", () => {
  test("closing the gateway leaves no provider timers, polls or sockets behind", async () => {
    const count = () => {
      const counts = new Map<string, number>();
      for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
      return counts;
    };
    await server.close();
    const baseline = count();
    server = await startProviderTestServer();
    admin = await setupAdmin(server, "root");
    const provider = await createProvider(admin, kubernetesProviderBody(cluster));
    await waitForProviderStatus(admin, provider.id, "ready");
    await admin.post("/workspaces", { name: "dev", providerId: provider.id });
    await server.close({ stopWorkspaces: false });
    await until(
      () => {
        const now = count();
        return ["Timeout", "TCPSocketWrap", "TCPServerWrap"].every(
          (kind) => (now.get(kind) ?? 0) <= (baseline.get(kind) ?? 0),
        );
      },
      2_000,
      "provider timers and sockets to be released",
    );
    server = await startProviderTestServer();
  });
});
