/**
 * The fakes refuse what the real APIs refuse; the provider tests lean on that, so it is
 * checked here directly, request by request.
 */
import http from "node:http";
import https from "node:https";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FakeDockerEngine } from "./FakeDockerEngine.js";
import { FakeKubernetes } from "./FakeKubernetes.js";

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

function call(options: https.RequestOptions, body: unknown, transport: typeof http | typeof https): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { "content-type": "application/json", ...options.headers };
    const request =
      transport === https ? https.request({ ...options, headers }) : http.request({ ...options, headers });
    request.on("response", (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
    });
    request.on("error", reject);
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe("FakeKubernetes", () => {
  let cluster: FakeKubernetes;
  beforeAll(async () => {
    cluster = await FakeKubernetes.start();
    cluster.roleGrants.get("gangway")?.delete("delete pods");
    cluster.clusterGrants.add("create secrets");
  });
  afterAll(() => cluster.close());

  const kube = (method: string, path: string, body?: unknown, token = "sa-token") =>
    call(
      {
        method,
        host: "127.0.0.1",
        port: new URL(cluster.url).port,
        path,
        ca: cluster.ca,
        headers: { authorization: `Bearer ${token}` },
      },
      body,
      https,
    );
  const secret = (name: string) => ({ apiVersion: "v1", kind: "Secret", metadata: { name }, data: { k: "dg==" } });

  test("answers errors with Status objects: 401, 403, 404, 409, 422", async () => {
    expect(await kube("GET", "/version", undefined, "wrong")).toMatchObject({
      status: 401,
      body: { kind: "Status", reason: "Unauthorized", code: 401 },
    });
    expect(await kube("DELETE", "/api/v1/namespaces/gangway/pods/x")).toMatchObject({
      status: 403,
      body: { reason: "Forbidden" },
    });
    expect(await kube("POST", "/api/v1/namespaces/nowhere/secrets", secret("a"))).toMatchObject({
      status: 404,
      body: { reason: "NotFound", message: 'namespaces "nowhere" not found' },
    });
    expect((await kube("POST", "/api/v1/namespaces/gangway/secrets", secret("a"))).status).toBe(201);
    expect(await kube("POST", "/api/v1/namespaces/gangway/secrets", secret("a"))).toMatchObject({
      status: 409,
      body: { reason: "AlreadyExists" },
    });
    expect(await kube("POST", "/api/v1/namespaces/gangway/secrets", secret("Not_Valid"))).toMatchObject({
      status: 422,
      body: { reason: "Invalid", message: expect.stringContaining("RFC 1123") },
    });
    expect(await kube("GET", "/api/v1/namespaces/gangway/secrets/missing")).toMatchObject({
      status: 404,
      body: { reason: "NotFound" },
    });
    expect(await kube("POST", "/api/v1/namespaces/gangway/services", { metadata: { name: "s" } })).toMatchObject({
      status: 404,
    });
  });

  test("answers SelfSubjectAccessReviews from its RBAC table", async () => {
    const review = (verb: string, resource: string) =>
      kube("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
        spec: { resourceAttributes: { namespace: "gangway", verb, resource } },
      });
    expect((await review("create", "pods")).body.status).toMatchObject({ allowed: true });
    expect((await review("delete", "pods")).body.status).toEqual({ allowed: false });
  });
});

describe("FakeDockerEngine", () => {
  let engine: FakeDockerEngine;
  beforeAll(async () => {
    engine = await FakeDockerEngine.start(["agent:1"]);
  });
  afterAll(() => engine.close());

  const docker = (method: string, path: string, body?: unknown) =>
    call({ method, socketPath: engine.socketPath, path }, body, http);

  test("refuses like the engine: 400 bad name, 404 unknown image or container, 409 name taken or running", async () => {
    expect(await docker("POST", "/v1.47/containers/create?name=-bad", { Image: "agent:1" })).toMatchObject({
      status: 400,
    });
    expect(await docker("POST", "/containers/create?name=one", { Image: "nope:1" })).toMatchObject({
      status: 404,
      body: { message: "No such image: nope:1" },
    });
    expect((await docker("POST", "/containers/create?name=one", { Image: "agent:1" })).status).toBe(201);
    expect(await docker("POST", "/containers/create?name=one", { Image: "agent:1" })).toMatchObject({ status: 409 });
    expect((await docker("POST", "/containers/one/start")).status).toBe(204);
    expect(await docker("DELETE", "/containers/one")).toMatchObject({ status: 409 });
    expect((await docker("DELETE", "/containers/one?force=true")).status).toBe(204);
    expect(await docker("GET", "/containers/one/json")).toMatchObject({ status: 404 });
  });
});
