import type { AppSlug } from "../../../protocol/rest.js";
import type { AppTarget } from "../../../protocol/streams.js";

/** Joins an app's slug, workspace and user in its hostname's first label (ADR 0007). */
const NAME_SEPARATOR = "--";

/**
 * The app slug of an app origin's hostname, `<slug>--<workspace>--<user>.<apps domain>`, or
 * null when the hostname is not one.
 */
export function slugFromHostname(hostname: string): AppSlug | null {
  const label = hostname.split(".")[0] ?? "";
  const parts = label.split(NAME_SEPARATOR);
  if (parts.length !== 3) return null;
  const slug = parts[0] ?? "";
  if (slug === "code-server") return slug;
  return /^[1-9][0-9]{0,4}$/.test(slug) && Number(slug) <= 65535 ? slug : null;
}

/** Where an app's channels go: `{"app":"code-server"}` for code-server, `{"port":N}` otherwise. */
export function appTarget(slug: AppSlug): AppTarget {
  return slug === "code-server" ? { app: "code-server" } : { port: Number(slug) };
}

/** The app's port on the workspace's loopback interface, or null when the agent picks it (code-server). */
export function appPort(slug: AppSlug): number | null {
  return slug === "code-server" ? null : Number(slug);
}
