import type { z } from "zod";
import { ApiErrorBody, type ErrorCode } from "../../protocol/errors.js";
import {
  API_PREFIX,
  AppTicket,
  type AppTicketRequest,
  type CordonProviderRequest,
  type CreateProviderRequest,
  type CreateUserRequest,
  type CreateWorkspaceRequest,
  Health,
  type LoginRequest,
  ProviderDetails,
  ProviderDetailsList,
  ProviderList,
  ProviderTestResult,
  SessionResponse,
  type SetupRequest,
  SetupStatus,
  SocketBytes,
  type UpdateProviderRequest,
  User,
  UserList,
  Workspace,
  WorkspaceAppList,
  WorkspaceList,
} from "../../protocol/rest.js";
import { takePrefetched } from "./prefetch";

/**
 * The one typed client of the gateway's REST API (protocol/rest.ts). Every response is
 * parsed with the protocol schema; every non-2xx answer becomes an `ApiError` carrying the
 * protocol code. Components never call this directly: they go through api/queries.
 */

/** A workspace still placed on a provider, as a PROVIDER_IN_USE error names it. */
export type ResidentWorkspace = NonNullable<ApiErrorBody["error"]["workspaces"]>[number];

/** A failed API call: the protocol error code, the HTTP status and the server's sentence. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    /** PROVIDER_IN_USE only: the workspaces that keep the provider in use. */
    readonly workspaces: readonly ResidentWorkspace[] = [],
  ) {
    super(message);
  }
}

/** The gateway could not be reached at all (offline, DNS, server down): no HTTP status. */
export class NetworkError extends Error {
  override readonly name = "NetworkError";
}

/** Used when an error response has no protocol body (e.g. a proxy's 502 page). */
function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return "UNAUTHENTICATED";
    case 403:
      return "FORBIDDEN";
    case 404:
      return "NOT_FOUND";
    case 409:
      return "CONFLICT";
    case 429:
      return "RATE_LIMITED";
    default:
      return status >= 400 && status < 500 ? "INVALID_REQUEST" : "INTERNAL";
  }
}

type Method = "GET" | "POST" | "PATCH" | "DELETE";

const providerPath = (id: string, action = "") => `/providers/${encodeURIComponent(id)}${action}`;

export class Api {
  constructor(private readonly origin: () => string = () => window.location.origin) {}

  getHealth = () => this.request("GET", "/healthz", Health, undefined, "");
  getSetupStatus = () => this.request("GET", "/setup", SetupStatus);
  setup = (body: SetupRequest) => this.request("POST", "/setup", SessionResponse, body);
  login = (body: LoginRequest) => this.request("POST", "/auth/login", SessionResponse, body);
  logout = () => this.request("POST", "/auth/logout", null);
  getMe = () => this.request("GET", "/auth/me", SessionResponse);
  getUsers = () => this.request("GET", "/users", UserList);
  createUser = (body: CreateUserRequest) => this.request("POST", "/users", User, body);
  /** What a member sees (ready, uncordoned providers); an admin's answer parses too, without the details. */
  getProviders = () => this.request("GET", "/providers", ProviderList);
  /** Admins only: the same route answers every provider with its details. */
  getProviderDetailsList = () => this.request("GET", "/providers", ProviderDetailsList);
  getProvider = (id: string) => this.request("GET", providerPath(id), ProviderDetails);
  /** Request bodies are the schemas' input: fields with a default may be left out. */
  createProvider = (body: z.input<typeof CreateProviderRequest>) =>
    this.request("POST", "/providers", ProviderDetails, body);
  updateProvider = (id: string, body: z.input<typeof UpdateProviderRequest>) =>
    this.request("PATCH", providerPath(id), ProviderDetails, body);
  deleteProvider = (id: string) => this.request("DELETE", providerPath(id), null);
  testProvider = (id: string) => this.request("POST", providerPath(id, "/test"), ProviderTestResult);
  cordonProvider = (id: string, body: CordonProviderRequest) =>
    this.request("POST", providerPath(id, "/cordon"), ProviderDetails, body);
  uncordonProvider = (id: string) => this.request("POST", providerPath(id, "/uncordon"), ProviderDetails);
  getWorkspaces = () => this.request("GET", "/workspaces", WorkspaceList);
  getWorkspace = (id: string) => this.request("GET", `/workspaces/${encodeURIComponent(id)}`, Workspace);
  createWorkspace = (body: CreateWorkspaceRequest) => this.request("POST", "/workspaces", Workspace, body);
  deleteWorkspace = (id: string) => this.request("DELETE", `/workspaces/${encodeURIComponent(id)}`, null);
  startWorkspace = (id: string) => this.request("POST", `/workspaces/${encodeURIComponent(id)}/start`, Workspace);
  stopWorkspace = (id: string) => this.request("POST", `/workspaces/${encodeURIComponent(id)}/stop`, Workspace);
  getWorkspaceApps = (id: string) =>
    this.request("GET", `/workspaces/${encodeURIComponent(id)}/apps`, WorkspaceAppList);
  createAppTicket = (id: string, slug: string, body: AppTicketRequest = {}) =>
    this.request(
      "POST",
      `/workspaces/${encodeURIComponent(id)}/apps/${encodeURIComponent(slug)}/ticket`,
      AppTicket,
      body,
    );
  getSocketBytes = () => this.request("GET", "/debug/socket-bytes", SocketBytes);

  private async request<S extends z.ZodType>(
    method: Method,
    path: string,
    schema: S,
    body?: unknown,
    prefix?: string,
  ): Promise<z.infer<S>>;
  private async request(method: Method, path: string, schema: null, body?: unknown): Promise<void>;
  private async request(
    method: Method,
    path: string,
    schema: z.ZodType | null,
    body?: unknown,
    prefix: string = API_PREFIX,
  ): Promise<unknown> {
    const url = new URL(prefix + path, this.origin());
    const init: RequestInit = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
    // Mutations always carry a JSON content type, even without a body: the server relies on
    // it (with the SameSite cookie) to refuse cross-site form posts.
    if (method !== "GET") {
      init.headers = { ...init.headers, "Content-Type": "application/json" };
      init.body = JSON.stringify(body ?? {});
    }
    let response: Response;
    try {
      response = await ((method === "GET" ? takePrefetched(url.href) : null) ?? fetch(url, init));
    } catch (cause) {
      throw new NetworkError("The gateway could not be reached.", { cause });
    }
    if (!response.ok) throw await toApiError(response);
    if (schema === null) return undefined;
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      throw new ApiError("INTERNAL", response.status, `The response of ${method} ${path} does not match the protocol.`);
    }
    return parsed.data;
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const parsed = ApiErrorBody.safeParse(await response.json().catch(() => undefined));
  if (parsed.success) {
    const { code, message, workspaces } = parsed.data.error;
    return new ApiError(code, response.status, message, workspaces);
  }
  return new ApiError(codeForStatus(response.status), response.status, `HTTP ${response.status}`);
}

export const API = new Api();
