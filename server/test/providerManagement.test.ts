/**
 * The provider management API: who may do what, validation (nothing saved on refusal),
 * cordon, deletion rules, and workspace placement. Remote providers here point at the FAKE
 * Kubernetes API server and Docker Engine of fakes/ (see the comments there for why).
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { ProviderDetails, ProviderList, Workspace } from "../../protocol/rest.js";
import { FakeDockerEngine } from "./fakes/FakeDockerEngine.js";
import { FakeKubernetes } from "./fakes/FakeKubernetes.js";
import { selfSignedCertificate } from "./fakes/selfSignedCertificate.js";
import { createMember, setupAdmin, type TestClient, type TestServer } from "./helpers.js";
import {
  createProvider,
  dockerProviderBody,
  kubernetesProviderBody,
  listAsAdmin,
  rawDatabaseBytes,
  startProviderTestServer,
  waitForProviderStatus,
} from "./providerHelpers.js";

let server: TestServer;
let cluster: FakeKubernetes;
let engine: FakeDockerEngine;
let admin: TestClient;
let member: TestClient;

beforeEach(async () => {
  cluster = await FakeKubernetes.start();
  engine = await FakeDockerEngine.start();
  server = await startProviderTestServer();
  admin = await setupAdmin(server, "root");
  member = await createMember(server, admin, "bob");
});

afterEach(async () => {
  await server.close();
  await cluster.close();
  await engine.close();
});

const patch = <T = unknown>(client: TestClient, route: string, body: unknown) => client.fetch<T>("PATCH", route, body);

describe("roles", () => {
  test("members get 403 on every management route and see only ready, uncordoned providers", async () => {
    const ready = await createProvider(admin, kubernetesProviderBody(cluster));
    await waitForProviderStatus(admin, ready.id, "ready");
    const cordoned = await createProvider(admin, dockerProviderBody(engine));
    await waitForProviderStatus(admin, cordoned.id, "ready");
    await admin.post(`/providers/${cordoned.id}/cordon`, { reason: "host maintenance" });
    const failing = await createProvider(admin, kubernetesProviderBody(cluster, { namespace: "no-grants" }, "broken"));
    await waitForProviderStatus(admin, failing.id, "error");

    const attempts = [
      await member.post("/providers", kubernetesProviderBody(cluster, {}, "mine")),
      await member.get(`/providers/${ready.id}`),
      await patch(member, `/providers/${ready.id}`, { kind: "kubernetes", name: "renamed" }),
      await member.delete(`/providers/${ready.id}`),
      await member.post(`/providers/${ready.id}/test`),
      await member.post(`/providers/${ready.id}/cordon`, { reason: "no" }),
      await member.post(`/providers/${cordoned.id}/uncordon`),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ error: { code: "FORBIDDEN" } });
    }
    const seen = (await member.get<ProviderList>("/providers")).body.providers;
    expect(seen.map((provider) => provider.name)).toEqual(["local", "eu-cluster"]);
    expect(seen[1]).toEqual({
      id: ready.id,
      name: "eu-cluster",
      kind: "kubernetes",
      region: "eu-west-1",
      status: "ready",
      statusMessage: null,
      cordoned: false,
    });
    expect((await listAsAdmin(admin)).map((provider) => provider.name)).toEqual([
      "local",
      "eu-cluster",
      "lab-docker",
      "broken",
    ]);
  });
});

describe("validation", () => {
  const kubernetesCases: [string, Record<string, unknown>, RegExp][] = [
    ["a namespace Kubernetes would refuse", { namespace: "Team_A" }, /^settings\.namespace: must be a DNS-1123 label/],
    ["a namespace longer than a label", { namespace: "a".repeat(64) }, /^settings\.namespace:/],
    [
      "a plain-http cluster address",
      { apiServer: "http://203.0.113.7:6443" },
      /^settings\.apiServer: must be an https:\/\/ URL/,
    ],
    [
      "a CA that is not a certificate",
      { caCertificate: "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n" },
      /^settings\.caCertificate: does not parse as a PEM certificate/,
    ],
    ["no CA and no explicit skip", { caCertificate: null }, /^settings\.caCertificate: is required/],
    ["a CA and a skip at once", { insecureSkipTlsVerify: true }, /^settings\.insecureSkipTlsVerify: must be false/],
    ["a bad CPU quantity", { resources: { limits: { cpu: "two" } } }, /^settings\.resources\.limits\.cpu:/],
    ["an unknown field", { hasToken: true }, /^settings:/],
  ];

  test.each(kubernetesCases)("Kubernetes: %s is 400 naming the field", async (_case, settings, message) => {
    const response = await admin.post("/providers", kubernetesProviderBody(cluster, settings));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: { code: "INVALID_REQUEST", message: expect.stringMatching(message) },
    });
  });

  test("Docker TLS: unreadable or mismatched client credentials are 400 naming the field", async () => {
    const ca = selfSignedCertificate("docker-ca");
    const client = selfSignedCertificate("docker-client");
    const tcp = (endpoint: Record<string, unknown>) =>
      dockerProviderBody(engine, {
        endpoint: {
          type: "tcp",
          host: "docker.example.test",
          port: 2376,
          caCertificate: ca.cert,
          clientCertificate: client.cert,
          clientKey: client.key,
          ...endpoint,
        },
      });
    const garbage = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----";
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ clientCertificate: garbage }, /^settings\.endpoint\.clientCertificate: does not parse/],
      [{ caCertificate: garbage }, /^settings\.endpoint\.caCertificate: does not parse/],
      [
        { clientKey: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----" },
        /^settings\.endpoint\.clientKey: does not parse/,
      ],
      [{ clientKey: ca.key }, /^settings\.endpoint\.clientKey: does not belong to/],
      [{ clientKey: undefined }, /^settings\.endpoint\.clientKey:/],
      [{ port: 70_000 }, /^settings\.endpoint\.port:/],
    ];
    for (const [endpoint, message] of cases) {
      const response = await admin.post("/providers", tcp(endpoint));
      expect(response.status, JSON.stringify(endpoint)).toBe(400);
      expect(response.body).toMatchObject({
        error: { code: "INVALID_REQUEST", message: expect.stringMatching(message) },
      });
    }
    const good = await admin.post<ProviderDetails>("/providers", tcp({}));
    expect(good.status).toBe(201);
    expect(good.body.settings).toMatchObject({ endpoint: { type: "tcp", hasClientKey: true } });
    expect(JSON.stringify(good.body)).not.toContain("PRIVATE KEY");
    const keyBody = client.key.split("\n")[1] ?? "";
    expect(server.logs()).not.toContain(keyBody);
    expect(rawDatabaseBytes(server.dataDir).includes(keyBody)).toBe(false);
  });

  test("nothing is saved by a refused request; names are unique; a kind never changes", async () => {
    const before = await listAsAdmin(admin);
    await admin.post("/providers", kubernetesProviderBody(cluster, { namespace: "Bad" }));
    await admin.post("/providers", { kind: "local", name: "another", region: "here", settings: {} });
    expect(await listAsAdmin(admin)).toEqual(before);

    const first = await createProvider(admin, kubernetesProviderBody(cluster));
    const duplicate = await admin.post("/providers", dockerProviderBody(engine, {}, "eu-cluster"));
    expect(duplicate).toMatchObject({ status: 409, body: { error: { code: "CONFLICT" } } });
    const renameClash = await patch(admin, "/providers/local", { kind: "local", name: "eu-cluster" });
    expect(renameClash).toMatchObject({ status: 409, body: { error: { code: "CONFLICT" } } });
    const kindChange = await patch(admin, `/providers/${first.id}`, { kind: "docker", name: "x" });
    expect(kindChange).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/^kind:/) } } });
    const localKind = await patch(admin, "/providers/local", { kind: "kubernetes", name: "x" });
    expect(localKind).toMatchObject({ status: 400, body: { error: { code: "INVALID_REQUEST" } } });
    const badEdit = await patch(admin, `/providers/${first.id}`, {
      kind: "kubernetes",
      name: "renamed",
      settings: { ...kubernetesProviderBody(cluster).settings, namespace: "Nope" },
    });
    expect(badEdit.status).toBe(400);
    expect((await admin.get<ProviderDetails>(`/providers/${first.id}`)).body.name).toBe("eu-cluster");
    expect((await admin.get(`/providers/no-such-provider`)).status).toBe(404);
  });
});

describe("lifecycle rules", () => {
  test("the local provider cannot be deleted, but can be renamed and cordoned", async () => {
    const refused = await admin.delete("/providers/local");
    expect(refused).toMatchObject({ status: 409, body: { error: { code: "PROVIDER_BUILT_IN" } } });
    const renamed = await patch<ProviderDetails>(admin, "/providers/local", { kind: "local", name: "This machine" });
    expect(renamed.body).toMatchObject({ name: "This machine", kind: "local" });
  });

  test("cordon keeps new workspaces away with a typed error; uncordon lets them in", async () => {
    const cordoned = await admin.post<ProviderDetails>("/providers/local/cordon", { reason: "disk full" });
    expect(cordoned.body).toMatchObject({ cordoned: true, cordonReason: "disk full" });
    expect((await member.get<ProviderList>("/providers")).body.providers).toEqual([]);
    const refused = await member.post("/workspaces", { name: "dev" });
    expect(refused).toMatchObject({
      status: 409,
      body: { error: { code: "PROVIDER_UNAVAILABLE", message: expect.stringContaining("disk full") } },
    });
    expect((await admin.post("/providers/local/cordon", {})).status).toBe(400);
    const uncordoned = await admin.post<ProviderDetails>("/providers/local/uncordon");
    expect(uncordoned.body).toMatchObject({ cordoned: false, cordonReason: null });
    expect((await member.post("/workspaces", { name: "dev" })).status).toBe(201);
  });

  test("a pending or failing provider takes no workspaces", async () => {
    cluster.mode = "hang";
    const pending = await createProvider(admin, kubernetesProviderBody(cluster));
    const early = await member.post("/workspaces", { name: "dev", providerId: pending.id });
    expect(early).toMatchObject({ status: 409, body: { error: { code: "PROVIDER_UNAVAILABLE" } } });
    await waitForProviderStatus(admin, pending.id, "error");
    const late = await member.post("/workspaces", { name: "dev", providerId: pending.id });
    expect(late).toMatchObject({ status: 409, body: { error: { code: "PROVIDER_UNAVAILABLE" } } });
  });

  test("deleting a provider with workspaces is refused naming them; without them it goes", async () => {
    const provider = await createProvider(admin, dockerProviderBody(engine));
    await waitForProviderStatus(admin, provider.id, "ready");
    const workspace = (await member.post<Workspace>("/workspaces", { name: "dev", providerId: provider.id })).body;
    await admin.post(`/workspaces/${workspace.id}/stop`);
    expect((await admin.get<ProviderDetails>(`/providers/${provider.id}`)).body.workspaceCount).toBe(1);

    const refused = await admin.delete(`/providers/${provider.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({
      error: {
        code: "PROVIDER_IN_USE",
        message: expect.stringContaining("bob/dev"),
        workspaces: [{ id: workspace.id, name: "dev", ownerName: "bob" }],
      },
    });
    const moved = await patch(admin, `/providers/${provider.id}`, {
      kind: "docker",
      settings: { endpoint: { type: "socket", socketPath: "/elsewhere/docker.sock" }, image: "gangway/agent:test" },
    });
    expect(moved).toMatchObject({ status: 409, body: { error: { code: "PROVIDER_IN_USE" } } });

    expect((await member.delete(`/workspaces/${workspace.id}`)).status).toBe(204);
    expect((await admin.delete(`/providers/${provider.id}`)).status).toBe(204);
    expect((await admin.get(`/providers/${provider.id}`)).status).toBe(404);
  });
});
