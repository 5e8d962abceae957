import { AppSlug, Username, WorkspaceName } from "../../protocol/rest.js";

/**
 * Joins an app hostname's parts. Usernames and workspace names may not contain it (nor may a
 * slug), so a hostname splits into exactly one (slug, workspace, user).
 */
const SEPARATOR = "--";

/** Which app an app hostname names: one app of one user's workspace. */
export interface AppAddress {
  slug: AppSlug;
  workspaceName: string;
  username: string;
}

/** `<slug>--<workspace>--<user>`, the first label of an app hostname. */
export function formatAppLabel(address: AppAddress): string {
  return [address.slug, address.workspaceName, address.username].join(SEPARATOR);
}

/** The app a label names, or null unless it is exactly three valid parts joined by "--". */
export function parseAppLabel(label: string): AppAddress | null {
  const parts = label.split(SEPARATOR);
  if (parts.length !== 3) return null;
  const [slug, workspaceName, username] = parts;
  const valid =
    AppSlug.safeParse(slug).success &&
    WorkspaceName.safeParse(workspaceName).success &&
    Username.safeParse(username).success;
  return valid && slug && workspaceName && username ? { slug, workspaceName, username } : null;
}

/** What a request's hostname is to the gateway. */
export type HostKind =
  | { kind: "dashboard" }
  /** A hostname under the apps domain; `address` is null when it names no app. */
  | { kind: "app"; hostname: string; address: AppAddress | null };

/**
 * App hostnames and origins (docs/adr/0007-app-origins.md): `<slug>--<workspace>--<user>.<apps
 * domain>`, with the dashboard's scheme and port. The apps domain is GANGWAY_APPS_DOMAIN, or
 * `apps.<dashboard hostname>` (`apps.localhost` by default, which browsers resolve to loopback).
 */
export class AppHosts {
  constructor(
    /** The dashboard's URL; resolved lazily because the port is known only after listen. */
    private readonly dashboardUrl: () => string,
    private readonly configuredDomain: string | null,
  ) {}

  /** The domain every app hostname ends in. */
  get domain(): string {
    return this.configuredDomain ?? `apps.${new URL(this.dashboardUrl()).hostname}`;
  }

  hostname(address: AppAddress): string {
    return `${formatAppLabel(address)}.${this.domain}`;
  }

  /** `<dashboard scheme>//<app hostname>[:<dashboard port>]`, e.g. http://8080--dev--alice.apps.localhost:7080 */
  origin(address: AppAddress): string {
    const dashboard = new URL(this.dashboardUrl());
    const port = dashboard.port ? `:${dashboard.port}` : "";
    return `${dashboard.protocol}//${this.hostname(address)}${port}`;
  }

  /**
   * Whether a request's hostname (without the port) is under the apps domain; anything else,
   * and the dashboard's own hostname even should the apps domain contain it, is the dashboard's.
   */
  classify(requestHostname: string): HostKind {
    const hostname = requestHostname.toLowerCase().replace(/\.$/, "");
    if (hostname === new URL(this.dashboardUrl()).hostname) return { kind: "dashboard" };
    const suffix = `.${this.domain}`;
    if (hostname === this.domain) return { kind: "app", hostname, address: null };
    if (!hostname.endsWith(suffix)) return { kind: "dashboard" };
    const label = hostname.slice(0, -suffix.length);
    return { kind: "app", hostname, address: label.includes(".") ? null : parseAppLabel(label) };
  }
}
