import { GANGWAY_SESSION_COOKIE } from "../shared/names";

/**
 * Cookies as RFC 6265 has a user agent keep them, for the one origin this service worker
 * serves: every cookie is host-only (a `Domain` naming anything but the app's host is
 * ignored, since the app believes it runs on 127.0.0.1), so only name, path and expiry decide
 * which requests carry it.
 */
export interface Cookie {
  name: string;
  value: string;
  /** Starts with "/". */
  path: string;
  /** Ms since the epoch; null for a session cookie. */
  expires: number | null;
  httpOnly: boolean;
  sameSite: "strict" | "lax" | "none";
  /** Ms since the epoch: among cookies with equally long paths, older ones come first. */
  created: number;
}

/** What one `Set-Cookie` header asks for: store the cookie, or delete it (expired on arrival). */
export type CookieUpdate = { kind: "set"; cookie: Cookie } | { kind: "delete"; name: string; path: string };

/**
 * Parses one `Set-Cookie` value (RFC 6265 §5.2) received for `requestUrl` at `now`. Null when
 * it must be ignored: no "=" in the name-value pair, an empty name, or the gateway's own app
 * session cookie, which the app can neither set nor replace.
 */
export function parseSetCookie(header: string, requestUrl: URL, now: number): CookieUpdate | null {
  const [pair = "", ...attributes] = header.split(";");
  const equals = pair.indexOf("=");
  if (equals < 0) return null;
  const name = pair.slice(0, equals).trim();
  const value = stripQuotes(pair.slice(equals + 1).trim());
  if (!name || name === GANGWAY_SESSION_COOKIE) return null;
  let path: string | null = null;
  let expires: number | null = null;
  let maxAge: number | null = null;
  let httpOnly = false;
  let sameSite: Cookie["sameSite"] = "lax";
  for (const attribute of attributes) {
    const at = attribute.indexOf("=");
    const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const argument = at < 0 ? "" : attribute.slice(at + 1).trim();
    if (key === "path") path = argument.startsWith("/") ? argument : null;
    else if (key === "expires") expires = parseCookieDate(argument) ?? expires;
    else if (key === "max-age" && /^-?[0-9]+$/.test(argument)) maxAge = Number(argument);
    else if (key === "httponly") httpOnly = true;
    else if (key === "samesite") sameSite = sameSiteOf(argument);
  }
  const cookiePath = path ?? defaultPath(requestUrl.pathname);
  // Max-Age wins over Expires (§5.3 step 3).
  const expiry = maxAge !== null ? (maxAge <= 0 ? Number.NEGATIVE_INFINITY : now + maxAge * 1000) : expires;
  if (expiry !== null && expiry <= now) return { kind: "delete", name, path: cookiePath };
  return { kind: "set", cookie: { name, value, path: cookiePath, expires: expiry, httpOnly, sameSite, created: now } };
}

function stripQuotes(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

function sameSiteOf(argument: string): Cookie["sameSite"] {
  const lower = argument.toLowerCase();
  return lower === "strict" || lower === "none" ? lower : "lax";
}

/** An `Expires` date; browsers take what `Date.parse` takes (the RFC format and its older forms). */
function parseCookieDate(text: string): number | null {
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : time;
}

/** The default path of a cookie set by a response to `requestPath` (RFC 6265 §5.1.4). */
export function defaultPath(requestPath: string): string {
  if (!requestPath.startsWith("/")) return "/";
  const lastSlash = requestPath.lastIndexOf("/");
  return lastSlash === 0 ? "/" : requestPath.slice(0, lastSlash);
}

/** Whether a cookie with `cookiePath` goes with a request to `requestPath` (RFC 6265 §5.1.4). */
export function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

/** Whether `cookie` is still alive at `now`. */
export function isLive(cookie: Pick<Cookie, "expires">, now: number): boolean {
  return cookie.expires === null || cookie.expires > now;
}

/**
 * The `Cookie` header for a request to `requestUrl`: live cookies whose path matches, longer
 * paths first, then older first (RFC 6265 §5.4); never the gateway's app session cookie.
 */
export function cookieHeader(cookies: readonly Cookie[], requestUrl: URL, now: number): string {
  return cookies
    .filter((c) => c.name !== GANGWAY_SESSION_COOKIE && isLive(c, now) && pathMatches(c.path, requestUrl.pathname))
    .sort((a, b) => b.path.length - a.path.length || a.created - b.created)
    .map((c) => `${c.name}=${c.value}`)
    .join("; ");
}

/**
 * The cookies a request may carry, from the service worker's jar (HttpOnly cookies, and a
 * copy of every other cookie the app set) and from the browser's jar (`cookieStore`, where
 * the app's scripts may have changed or deleted them). The browser's jar is the truth for
 * the cookies it reports; Chrome's service worker `cookieStore` reports only those of the
 * scope's path ("/") unless asked for a URL, which it refuses today (`browserComplete`
 * false), so copies at other paths stand in for what it cannot show.
 */
export function mergeCookieJars(
  stored: readonly Cookie[],
  browser: readonly Cookie[],
  browserComplete: boolean,
): Cookie[] {
  const inBrowser = new Set(browser.map((cookie) => `${cookie.name};${cookie.path}`));
  const copies = stored.filter(
    (cookie) =>
      !cookie.httpOnly && !browserComplete && cookie.path !== "/" && !inBrowser.has(`${cookie.name};${cookie.path}`),
  );
  return [...stored.filter((cookie) => cookie.httpOnly), ...copies, ...browser];
}
