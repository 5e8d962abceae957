import { HttpResponse, http } from "msw";
import { describeZodError } from "../protocol/errors.js";
import {
  CordonProviderRequest,
  CreateProviderRequest,
  type DockerSettings,
  type DockerSettingsInput,
  type KubernetesSettings,
  type KubernetesSettingsInput,
  Provider,
  type ProviderDetails,
  type ProviderDetailsList,
  type ProviderList,
  type ProviderTestResult,
  UpdateProviderRequest,
} from "../protocol/rest.js";
import { api, errorResponse, json, parseBody } from "./http";
import { mockState } from "./state";

/**
 * msw handlers for the provider routes of protocol/rest.ts: admins manage, members only list
 * what they may place workspaces on. Secrets go in and never come out, as on the gateway.
 */

const LOCAL_PROVIDER_ID = "local";

/** Refuses anyone but a signed-in admin, as the gateway's admin guard does; null lets them through. */
function refuseNonAdmin(): Response | null {
  const user = mockState.currentUser;
  if (!user) return errorResponse(401, "UNAUTHENTICATED", "sign in first");
  if (user.role !== "admin") return errorResponse(403, "FORBIDDEN", "admins only");
  return null;
}

const notFound = () => errorResponse(404, "NOT_FOUND", "provider not found");
const invalid = (message: string) => errorResponse(400, "INVALID_REQUEST", message);
const nameTaken = (name: string) => errorResponse(409, "CONFLICT", `A provider named "${name}" already exists.`);

function nameInUse(name: string, exceptId?: string): boolean {
  return mockState.listProviders().some((p) => p.name === name && p.id !== exceptId);
}

/**
 * The gateway parses certificates with X509Certificate; the browser cannot, so the mock only
 * checks that the PEM body is base64 of a DER sequence. Enough to refuse pasted nonsense.
 */
function looksLikeCertificate(pem: string): boolean {
  const body = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)?.[1];
  try {
    return body !== undefined && atob(body.replace(/\s+/g, "")).charCodeAt(0) === 0x30;
  } catch {
    return false;
  }
}

/** The first certificate field that does not parse, as the gateway words it; null when all do. */
function certificateProblem(fields: Record<string, string | null | undefined>): string | null {
  for (const [path, pem] of Object.entries(fields)) {
    if (pem && !looksLikeCertificate(pem)) return `${path}: does not parse as a PEM certificate`;
  }
  return null;
}

/** A stand-in for the gateway's "sha256:" + 12 hex digits: stable per token, never the token. */
function fingerprint(secret: string): string {
  let hash = 0x811c9dc5;
  for (const char of secret) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return `sha256:${hash.toString(16).padStart(8, "0")}${(secret.length % 0xffff).toString(16).padStart(4, "0")}`;
}

function kubernetesView(input: Omit<KubernetesSettingsInput, "token">, token: string): KubernetesSettings {
  return { ...input, hasToken: true, tokenFingerprint: fingerprint(token) };
}

function dockerView(input: DockerSettingsInput): DockerSettings {
  if (input.endpoint.type === "socket") return { ...input, endpoint: input.endpoint };
  const { clientKey: _secret, ...endpoint } = input.endpoint;
  return { ...input, endpoint: { ...endpoint, hasClientKey: true } };
}

function settingsProblem(provider: { kind: string; settings?: unknown }): string | null {
  if (provider.kind === "kubernetes" && provider.settings) {
    const { caCertificate } = provider.settings as KubernetesSettingsInput;
    return certificateProblem({ "settings.caCertificate": caCertificate });
  }
  if (provider.kind === "docker" && provider.settings) {
    const { endpoint } = provider.settings as DockerSettingsInput;
    if (endpoint.type === "socket") return null;
    return certificateProblem({
      "settings.endpoint.caCertificate": endpoint.caCertificate,
      "settings.endpoint.clientCertificate": endpoint.clientCertificate,
    });
  }
  return null;
}

/** PROVIDER_IN_USE naming every owner's workspaces, as the gateway answers. */
function inUse(providerId: string, verb: string): Response {
  const residents = mockState.workspacesOn(providerId);
  const names = residents.map((w) => `${w.ownerName}/${w.name}`).join(", ");
  return errorResponse(
    409,
    "PROVIDER_IN_USE",
    `The provider still has ${residents.length} workspace(s), so it cannot be ${verb}: ${names}. Delete them first.`,
    { workspaces: residents.map((w) => ({ id: w.id, name: w.name, ownerName: w.ownerName })) },
  );
}

/** Where a provider's workspaces live; it cannot change while any are there. */
function locationOf(provider: ProviderDetails | { kind: string; settings?: unknown }): string {
  if (provider.kind === "kubernetes") {
    const settings = provider.settings as { apiServer: string; namespace: string };
    return `${settings.apiServer} ${settings.namespace}`;
  }
  if (provider.kind === "docker") {
    const { endpoint } = provider.settings as DockerSettings;
    return endpoint.type === "socket" ? endpoint.socketPath : `${endpoint.host}:${endpoint.port}`;
  }
  return "";
}

function updatedSettings(
  current: ProviderDetails,
  request: UpdateProviderRequest,
): Response | ProviderDetails["settings"] {
  if (request.kind === "kubernetes" && request.settings && current.kind === "kubernetes") {
    const { token, ...rest } = request.settings;
    if (!token) return { ...rest, hasToken: true, tokenFingerprint: current.settings.tokenFingerprint };
    return kubernetesView(rest, token);
  }
  if (request.kind === "docker" && request.settings && current.kind === "docker") {
    const { endpoint } = request.settings;
    if (endpoint.type === "tcp" && !endpoint.clientKey) {
      const hadKey = current.settings.endpoint.type === "tcp" && current.settings.endpoint.hasClientKey;
      if (!hadKey) return invalid("settings.endpoint.clientKey: is required (none is stored)");
      return { ...request.settings, endpoint: { ...endpoint, hasClientKey: true } };
    }
    return dockerView({ ...request.settings, endpoint: endpoint as DockerSettingsInput["endpoint"] });
  }
  return current.settings;
}

export const providerHandlers = [
  http.get(api("/providers"), () => {
    const user = mockState.currentUser;
    if (!user) return errorResponse(401, "UNAUTHENTICATED", "sign in first");
    const all = mockState.listProviders();
    if (user.role === "admin") return json<ProviderDetailsList>({ providers: all });
    const usable = all.filter((p) => p.status === "ready" && !p.cordoned);
    return json<ProviderList>({ providers: usable.map((p) => Provider.parse(p)) });
  }),

  http.post(api("/providers"), async ({ request }) => {
    const refused = refuseNonAdmin();
    if (refused) return refused;
    const body = await parseBody(request, CreateProviderRequest);
    if (!body.success) return invalid(describeZodError(body.error));
    const problem = settingsProblem(body.data);
    if (problem) return invalid(problem);
    if (nameInUse(body.data.name)) return nameTaken(body.data.name);
    const common = {
      id: crypto.randomUUID(),
      name: body.data.name,
      region: body.data.region,
      status: "pending",
      statusMessage: null,
      cordoned: false,
      lastCheckedAt: null,
      cordonReason: null,
      workspaceCount: 0,
      createdAt: new Date().toISOString(),
      turnUrls: body.data.turnUrls ?? [],
    } as const;
    let provider: ProviderDetails;
    if (body.data.kind === "kubernetes") {
      const { token, ...settings } = body.data.settings;
      provider = { ...common, kind: "kubernetes", settings: kubernetesView(settings, token) };
    } else {
      provider = { ...common, kind: "docker", settings: dockerView(body.data.settings) };
    }
    return json<ProviderDetails>(mockState.addProvider(provider), 201);
  }),

  http.get(api("/providers/:id"), ({ params }) => {
    const refused = refuseNonAdmin();
    if (refused) return refused;
    const provider = mockState.getProvider(String(params.id));
    return provider ? json<ProviderDetails>(provider) : notFound();
  }),

  http.patch(api("/providers/:id"), async ({ params, request }) => {
    const refused = refuseNonAdmin();
    if (refused) return refused;
    const current = mockState.getProvider(String(params.id));
    if (!current) return notFound();
    const body = await parseBody(request, UpdateProviderRequest);
    if (!body.success) return invalid(describeZodError(body.error));
    const update = body.data;
    if (update.kind !== current.kind) {
      return invalid(`kind: a provider's kind cannot change (this one is ${current.kind})`);
    }
    const problem = settingsProblem(update);
    if (problem) return invalid(problem);
    if (update.name !== undefined && nameInUse(update.name, current.id)) return nameTaken(update.name);
    const hasSettings = "settings" in update && update.settings !== undefined;
    if (hasSettings && locationOf(update) !== locationOf(current) && mockState.workspacesOn(current.id).length > 0) {
      return inUse(current.id, "moved to another cluster, namespace or engine");
    }
    const settings = updatedSettings(current, update);
    if (settings instanceof Response) return settings;
    const changes = {
      settings,
      ...(update.name !== undefined ? { name: update.name } : {}),
      ...(update.region !== undefined ? { region: update.region } : {}),
      ...(update.turnUrls !== undefined ? { turnUrls: update.turnUrls } : {}),
    } as Partial<ProviderDetails>;
    const updated = mockState.updateProvider(current.id, changes, hasSettings);
    return updated ? json<ProviderDetails>(updated) : notFound();
  }),

  http.delete(api("/providers/:id"), ({ params }) => {
    const refused = refuseNonAdmin();
    if (refused) return refused;
    const id = String(params.id);
    if (id === LOCAL_PROVIDER_ID) {
      return errorResponse(
        409,
        "PROVIDER_BUILT_IN",
        "The built-in local provider cannot be deleted; cordon it instead.",
      );
    }
    if (!mockState.getProvider(id)) return notFound();
    if (mockState.workspacesOn(id).length > 0) return inUse(id, "deleted");
    mockState.deleteProvider(id);
    return new HttpResponse(null, { status: 204 });
  }),

  http.post(api("/providers/:id/test"), ({ params }) => {
    const refused = refuseNonAdmin();
    if (refused) return refused;
    const result = mockState.testProvider(String(params.id));
    if (!result) return notFound();
    return json<ProviderTestResult>({ ok: result.checks.every((c) => c.passed), ...result });
  }),

  http.post(api("/providers/:id/cordon"), async ({ params, request }) => {
    const refused = refuseNonAdmin();
    if (refused) return refused;
    if (!mockState.getProvider(String(params.id))) return notFound();
    const body = await parseBody(request, CordonProviderRequest);
    if (!body.success) return invalid(describeZodError(body.error));
    const cordoned = mockState.updateProvider(
      String(params.id),
      { cordoned: true, cordonReason: body.data.reason },
      false,
    );
    return cordoned ? json<ProviderDetails>(cordoned) : notFound();
  }),

  http.post(api("/providers/:id/uncordon"), ({ params }) => {
    const refused = refuseNonAdmin();
    if (refused) return refused;
    const uncordoned = mockState.updateProvider(String(params.id), { cordoned: false, cordonReason: null }, false);
    return uncordoned ? json<ProviderDetails>(uncordoned) : notFound();
  }),
];
