import { createPrivateKey, X509Certificate } from "node:crypto";
import { z } from "zod";
import {
  DockerSettings,
  DockerSocketEndpoint,
  DockerTcpEndpoint,
  KubernetesSettings,
  type ProviderDetails,
  type ProviderKind,
} from "../../protocol/rest.js";
import { ApiError } from "../http/errors.js";
import { fingerprint } from "../secrets/SecretBox.js";

/** Non-secret Kubernetes settings as stored (the `settings` column). */
export const StoredKubernetesSettings = KubernetesSettings.omit({ hasToken: true, tokenFingerprint: true });
export type StoredKubernetesSettings = z.infer<typeof StoredKubernetesSettings>;
export const KubernetesSecrets = z.object({ token: z.string().min(1) });
export type KubernetesSecrets = z.infer<typeof KubernetesSecrets>;

const StoredDockerTcpEndpoint = DockerTcpEndpoint.omit({ hasClientKey: true });
/** Non-secret Docker settings as stored. */
export const StoredDockerSettings = DockerSettings.extend({
  endpoint: z.discriminatedUnion("type", [DockerSocketEndpoint, StoredDockerTcpEndpoint]),
});
export type StoredDockerSettings = z.infer<typeof StoredDockerSettings>;
export const DockerSecrets = z.object({ clientKey: z.string().min(1).optional() });
export type DockerSecrets = z.infer<typeof DockerSecrets>;

/** Everything a provider implementation needs, secrets decrypted. */
export type ProviderConfig =
  | { kind: "local" }
  | { kind: "kubernetes"; settings: StoredKubernetesSettings; secrets: KubernetesSecrets }
  | { kind: "docker"; settings: StoredDockerSettings; secrets: DockerSecrets };

export type RemoteProviderConfig = Exclude<ProviderConfig, { kind: "local" }>;

/**
 * The API view of stored settings: secrets only as "has" flags and fingerprints. `secrets` is
 * null when none are stored or they cannot be decrypted; `hasSecrets` tells which.
 */
export function settingsView(
  kind: ProviderKind,
  settings: unknown,
  secrets: Record<string, unknown> | null,
  hasSecrets: boolean,
): SettingsView {
  switch (kind) {
    case "local":
      return {};
    case "kubernetes": {
      const token = typeof secrets?.token === "string" ? secrets.token : null;
      return {
        ...StoredKubernetesSettings.parse(settings),
        hasToken: hasSecrets,
        tokenFingerprint: token ? fingerprint(token) : null,
      };
    }
    case "docker": {
      const stored = StoredDockerSettings.parse(settings);
      if (stored.endpoint.type === "socket") return { ...stored, endpoint: stored.endpoint };
      return { ...stored, endpoint: { ...stored.endpoint, hasClientKey: hasSecrets } };
    }
  }
}

export type SettingsView = ProviderDetails["settings"];

/**
 * Checks what a schema cannot: that certificates parse as X.509 and that a client key parses
 * and belongs to its certificate. A failure is 400 naming the field.
 */
export function validateKubernetesCertificates(settings: StoredKubernetesSettings): void {
  if (settings.caCertificate) parseCertificates(settings.caCertificate, "settings.caCertificate");
}

export function validateDockerCredentials(settings: StoredDockerSettings, secrets: DockerSecrets): void {
  const endpoint = settings.endpoint;
  if (endpoint.type !== "tcp") return;
  parseCertificates(endpoint.caCertificate, "settings.endpoint.caCertificate");
  const [clientCertificate] = parseCertificates(endpoint.clientCertificate, "settings.endpoint.clientCertificate");
  if (!secrets.clientKey) throw invalid("settings.endpoint.clientKey", "is required for a TLS endpoint");
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(secrets.clientKey);
  } catch {
    throw invalid("settings.endpoint.clientKey", "does not parse as a PEM private key");
  }
  if (!clientCertificate?.checkPrivateKey(key)) {
    throw invalid("settings.endpoint.clientKey", "does not belong to settings.endpoint.clientCertificate");
  }
}

/** Every certificate of a PEM bundle; 400 naming `field` if any does not parse. */
function parseCertificates(pem: string, field: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw invalid(field, "does not parse as a PEM certificate");
  return blocks.map((block) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw invalid(field, "does not parse as a PEM certificate");
    }
  });
}

function invalid(field: string, message: string): ApiError {
  return new ApiError(400, "INVALID_REQUEST", `${field}: ${message}`);
}
