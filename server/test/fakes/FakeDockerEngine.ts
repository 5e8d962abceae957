/**
 * A FAKE Docker Engine API, for tests only. No Docker daemon can run on the test machine, so
 * this serves, over a unix socket in a temp dir, the endpoints and JSON shapes the Docker
 * provider uses (ping, version, image inspect, volumes, containers) and refuses what the real
 * engine refuses: an unknown image or container is 404, a taken container name 409, removing
 * a running container without force 409, an invalid name 400, each with the engine's
 * `{"message": ...}` body. It records every request (so a test can assert that no port was
 * published and no token travelled in a URL) and runs no container: a "running" container is
 * only a record, and `crash()` makes one exit.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { Socket } from "node:net";
import os from "node:os";
import path from "node:path";

export interface FakeContainer {
  Id: string;
  Name: string;
  Config: { Image: string; Env: string[]; Labels: Record<string, string>; ExposedPorts?: unknown; WorkingDir?: string };
  HostConfig: Record<string, unknown>;
  State: { Status: string; Running: boolean; Restarting: boolean; ExitCode: number };
  RestartCount: number;
}

export interface RecordedDockerRequest {
  method: string;
  /** Path and query exactly as sent (the version prefix included). */
  url: string;
  body: unknown;
}

const CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export class FakeDockerEngine {
  readonly requests: RecordedDockerRequest[] = [];
  readonly images: Set<string>;
  readonly volumes = new Map<string, { Name: string; Labels: Record<string, string> }>();
  readonly containers = new Map<string, FakeContainer>();
  mode: "normal" | "error500" = "normal";
  readonly socketPath: string;
  readonly #dir: string;
  readonly #sockets = new Set<Socket>();
  #server: http.Server;

  private constructor(images: string[]) {
    this.images = new Set(images);
    this.#dir = fs.mkdtempSync(path.join(os.tmpdir(), "gangway-docker-"));
    this.socketPath = path.join(this.#dir, "docker.sock");
    this.#server = this.#createServer();
  }

  static async start(images = ["gangway/agent:test"]): Promise<FakeDockerEngine> {
    const fake = new FakeDockerEngine(images);
    await fake.#listen();
    return fake;
  }

  container(name: string): FakeContainer | undefined {
    return this.#find(name);
  }

  /** The container's process exits on its own (with `unless-stopped` Docker would restart it; see crashLoop). */
  crash(name: string, exitCode = 1): void {
    const container = this.#find(name);
    if (container) container.State = { Status: "exited", Running: false, Restarting: false, ExitCode: exitCode };
  }

  /** Docker keeps restarting a container whose agent keeps exiting. */
  crashLoop(name: string, restarts: number): void {
    const container = this.#find(name);
    if (!container) return;
    container.State = { Status: "restarting", Running: true, Restarting: true, ExitCode: 1 };
    container.RestartCount = restarts;
  }

  async stopListening(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async listenAgain(): Promise<void> {
    this.#server = this.#createServer();
    await this.#listen();
  }

  async close(): Promise<void> {
    if (this.#server.listening) await this.stopListening();
    fs.rmSync(this.#dir, { recursive: true, force: true });
  }

  #createServer(): http.Server {
    const server = http.createServer((request, response) => {
      let text = "";
      request.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      request.on("end", () => {
        const recorded = {
          method: request.method ?? "GET",
          url: request.url ?? "/",
          body: text ? JSON.parse(text) : null,
        };
        this.requests.push(recorded);
        const [code, body] =
          this.mode === "error500" ? [500, { message: "fake engine failing on purpose" }] : this.#handle(recorded);
        if (body === null) return response.writeHead(code).end();
        if (typeof body === "string") return response.writeHead(code, { "content-type": "text/plain" }).end(body);
        response.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify(body));
      });
    });
    server.on("connection", (socket) => {
      this.#sockets.add(socket);
      socket.once("close", () => this.#sockets.delete(socket));
    });
    return server;
  }

  #listen(): Promise<void> {
    fs.rmSync(this.socketPath, { force: true });
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(this.socketPath, () => resolve());
    });
  }

  #handle(request: RecordedDockerRequest): [number, unknown] {
    const url = new URL(request.url, "http://docker");
    const route = url.pathname.replace(/^\/v[0-9.]+/, "");
    const { method } = request;
    if (method === "GET" && route === "/_ping") return [200, "OK"];
    if (method === "GET" && route === "/version") {
      return [200, { Version: "27.3.1-fake", ApiVersion: "1.47", MinAPIVersion: "1.24", Os: "linux", Arch: "amd64" }];
    }
    const image = /^\/images\/(.+)\/json$/.exec(route)?.[1];
    if (method === "GET" && image !== undefined) {
      const name = decodeURIComponent(image);
      return this.images.has(name)
        ? [200, { Id: `sha256:${name}`, RepoTags: [name] }]
        : [404, { message: `No such image: ${name}` }];
    }
    if (route.startsWith("/volumes")) return this.#volumes(method, route, request.body);
    if (route.startsWith("/containers")) return this.#containers(method, route, url.searchParams, request.body);
    return [404, { message: "page not found" }];
  }

  #volumes(method: string, route: string, body: unknown): [number, unknown] {
    if (method === "POST" && route === "/volumes/create") {
      const { Name, Labels } = body as { Name: string; Labels?: Record<string, string> };
      const volume = this.volumes.get(Name) ?? { Name, Labels: Labels ?? {} };
      this.volumes.set(Name, volume);
      return [201, { ...volume, Driver: "local", Mountpoint: `/var/lib/docker/volumes/${Name}/_data` }];
    }
    const name = /^\/volumes\/([^/]+)$/.exec(route)?.[1];
    if (method === "DELETE" && name) {
      if (!this.volumes.has(name)) return [404, { message: `get ${name}: no such volume` }];
      const user = [...this.containers.values()].find((c) =>
        (c.HostConfig.Mounts as { Source?: string }[] | undefined)?.some((mount) => mount.Source === name),
      );
      if (user) return [409, { message: `remove ${name}: volume is in use - [${user.Id}]` }];
      this.volumes.delete(name);
      return [204, null];
    }
    return [404, { message: "page not found" }];
  }

  #containers(method: string, route: string, query: URLSearchParams, body: unknown): [number, unknown] {
    if (method === "GET" && route === "/containers/json") return [200, this.#list(query)];
    if (method === "POST" && route === "/containers/create") return this.#create(query.get("name") ?? "", body);
    const [, idOrName = "", action = ""] = /^\/containers\/([^/]+)(?:\/(.+))?$/.exec(route) ?? [];
    const container = this.#find(idOrName);
    if (!container) return [404, { message: `No such container: ${idOrName}` }];
    if (method === "GET" && action === "json") return [200, container];
    if (method === "POST" && action === "start") {
      if (container.State.Running) return [304, null];
      container.State = { Status: "running", Running: true, Restarting: false, ExitCode: 0 };
      return [204, null];
    }
    if (method === "POST" && action === "stop") {
      if (!container.State.Running) return [304, null];
      container.State = { Status: "exited", Running: false, Restarting: false, ExitCode: 0 };
      return [204, null];
    }
    if (method === "DELETE" && action === "") {
      if (container.State.Running && query.get("force") !== "true") {
        return [
          409,
          {
            message: `cannot remove container "${container.Name}": container is running: stop the container before removing or force remove`,
          },
        ];
      }
      this.containers.delete(container.Id);
      return [204, null];
    }
    return [404, { message: "page not found" }];
  }

  #create(name: string, body: unknown): [number, unknown] {
    if (!CONTAINER_NAME.test(name)) {
      return [400, { message: `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed` }];
    }
    const taken = this.#find(name);
    if (taken) {
      return [
        409,
        {
          message: `Conflict. The container name "/${name}" is already in use by container "${taken.Id}". You have to remove (or rename) that container to be able to reuse that name.`,
        },
      ];
    }
    const spec = body as FakeContainer["Config"] & { HostConfig?: Record<string, unknown> };
    if (!this.images.has(spec.Image)) return [404, { message: `No such image: ${spec.Image}` }];
    const { HostConfig, ...config } = spec;
    const id = randomBytes(32).toString("hex");
    this.containers.set(id, {
      Id: id,
      Name: `/${name}`,
      Config: { ...config, Labels: config.Labels ?? {}, Env: config.Env ?? [] },
      HostConfig: HostConfig ?? {},
      State: { Status: "created", Running: false, Restarting: false, ExitCode: 0 },
      RestartCount: 0,
    });
    return [201, { Id: id, Warnings: [] }];
  }

  #list(query: URLSearchParams) {
    const filters = JSON.parse(query.get("filters") ?? "{}") as { label?: string[] };
    const all = query.get("all") === "true" || query.get("all") === "1";
    return [...this.containers.values()]
      .filter((container) => all || container.State.Running)
      .filter((container) =>
        (filters.label ?? []).every((term) => {
          const [key = "", value] = term.split("=");
          return value === undefined ? key in container.Config.Labels : container.Config.Labels[key] === value;
        }),
      )
      .map((container) => ({
        Id: container.Id,
        Names: [container.Name],
        Image: container.Config.Image,
        Labels: container.Config.Labels,
        State: container.State.Status,
        Status: container.State.Running ? "Up 1 second" : `Exited (${container.State.ExitCode}) 1 second ago`,
      }));
  }

  #find(idOrName: string): FakeContainer | undefined {
    const name = idOrName.startsWith("/") ? idOrName : `/${idOrName}`;
    return [...this.containers.values()].find(
      (container) =>
        container.Id === idOrName ||
        container.Name === name ||
        (idOrName.length >= 12 && container.Id.startsWith(idOrName)),
    );
  }
}
