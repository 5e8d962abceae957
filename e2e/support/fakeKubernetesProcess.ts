/**
 * Child-process entry (`node --import tsx e2e/support/fakeKubernetesProcess.ts`) that runs the
 * FAKE Kubernetes API server of server/test/fakes/FakeKubernetes.ts for the e2e tests. There is
 * no cluster on the test machine; the fake serves the API the Kubernetes provider uses, over
 * HTTPS with a throw-away self-signed certificate, with an RBAC table, and refuses what a real
 * API server refuses. It runs no container.
 *
 * It lives in its own process because e2e/ may not import server/ code (the TypeScript project
 * layering keeps them apart); the import below is resolved at run time by tsx.
 *
 * Protocol on stdio, one JSON object per line: it prints `{"ready": FakeClusterInfo}` once
 * listening, then answers each `{"id": n, "query": "pods"}` on stdin with `{"id": n, "pods": […]}`.
 * It exits when stdin closes, so it never outlives the test worker that started it.
 */
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { FakeClusterInfo, FakePod } from "./fakeCluster.js";

/** The part of FakeKubernetes this launcher uses. */
interface FakeKubernetes {
  readonly url: string;
  readonly ca: string;
  objects(namespace: string, resource: string): { metadata: { name: string; labels?: Record<string, string> } }[];
  close(): Promise<void>;
}

interface FakeKubernetesModule {
  FakeKubernetes: {
    start(options: {
      namespaces: string[];
      tokens: Record<string, string>;
      pullableImages: string[];
    }): Promise<FakeKubernetes>;
  };
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FAKE = pathToFileURL(path.join(ROOT, "server/test/fakes/FakeKubernetes.ts")).href;

const [namespace = "gangway-e2e", agentImage = "gangway/agent:e2e"] = process.argv.slice(2);
const token = `e2e-${crypto.randomUUID()}`;

const { FakeKubernetes } = (await import(FAKE)) as FakeKubernetesModule;
const cluster = await FakeKubernetes.start({
  namespaces: [namespace],
  tokens: { [token]: `system:serviceaccount:${namespace}:gangway` },
  pullableImages: [agentImage],
});

const send = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);
const ready: FakeClusterInfo = { url: cluster.url, ca: cluster.ca, token, namespace, agentImage };
send({ ready });

const input = createInterface({ input: process.stdin });
input.on("line", (line) => {
  const request = JSON.parse(line) as { id: number; query: "pods" };
  const pods: FakePod[] = cluster
    .objects(namespace, "pods")
    .map((pod) => ({ name: pod.metadata.name, labels: pod.metadata.labels ?? {} }));
  send({ id: request.id, pods });
});
input.on("close", () => {
  void cluster.close().then(() => process.exit(0));
});
