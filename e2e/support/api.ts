import type { BrowserContext } from "@playwright/test";
import type {
  AppTicket,
  ProviderDetailsList,
  SessionResponse,
  SocketBytes,
  Workspace,
  WorkspaceAppList,
  WorkspaceList,
} from "../../protocol/rest.js";
import { SESSION_COOKIE } from "../../protocol/rest.js";

/**
 * A small REST client for test set-up and assertions (what the UI does is tested through
 * the UI; this only prepares state and reads counters). Keeps the session cookie.
 */
export class GatewayApi {
  private cookie = "";

  constructor(private readonly baseUrl: string) {}

  get sessionCookie(): string {
    return this.cookie;
  }

  async setup(username: string, password: string): Promise<SessionResponse> {
    return this.request("POST", "/api/v1/setup", { username, password });
  }

  async login(username: string, password: string): Promise<SessionResponse> {
    return this.request("POST", "/api/v1/auth/login", { username, password });
  }

  async createUser(username: string, password: string, role: "admin" | "member"): Promise<void> {
    await this.request("POST", "/api/v1/users", { username, password, role });
  }

  async createWorkspace(name: string): Promise<Workspace> {
    return this.request("POST", "/api/v1/workspaces", { name });
  }

  async startWorkspace(id: string): Promise<Workspace> {
    return this.request("POST", `/api/v1/workspaces/${id}/start`, {});
  }

  async stopWorkspace(id: string): Promise<Workspace> {
    return this.request("POST", `/api/v1/workspaces/${id}/stop`, {});
  }

  async workspace(id: string): Promise<Workspace> {
    return this.request("GET", `/api/v1/workspaces/${id}`);
  }

  async workspaces(): Promise<WorkspaceList> {
    return this.request("GET", "/api/v1/workspaces");
  }

  /** As an admin: every provider with its details. */
  async providers(): Promise<ProviderDetailsList> {
    return this.request("GET", "/api/v1/providers");
  }

  async apps(workspaceId: string): Promise<WorkspaceAppList> {
    return this.request("GET", `/api/v1/workspaces/${workspaceId}/apps`);
  }

  /** A one-use link that signs a browser in on the app's origin. */
  async appTicket(workspaceId: string, slug: string): Promise<AppTicket> {
    return this.request("POST", `/api/v1/workspaces/${workspaceId}/apps/${slug}/ticket`, {});
  }

  async socketBytes(): Promise<SocketBytes> {
    return this.request("GET", "/api/v1/debug/socket-bytes");
  }

  /** Polls until the workspace runs and its agent holds its socket to the gateway. */
  async waitForAgent(id: string, timeoutMs = 30_000): Promise<Workspace> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const workspace = await this.workspace(id);
      if (workspace.status === "running" && workspace.agent.connection === "connected") return workspace;
      if (workspace.status === "failed") throw new Error(`workspace failed: ${workspace.statusMessage}`);
      if (Date.now() > deadline) throw new Error(`agent of ${id} did not connect: ${JSON.stringify(workspace)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Hands this client's session to a browser context, which is then signed in too. */
  async signIn(context: BrowserContext): Promise<void> {
    const [name, value] = this.cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: this.baseUrl }]);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.get("set-cookie");
    const session = setCookie && new RegExp(`${SESSION_COOKIE}=([^;]*)`).exec(setCookie);
    if (session) this.cookie = `${SESSION_COOKIE}=${session[1]}`;
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
