/** Statuses `Response.redirect()` takes; the service worker answers these with a redirect of its own. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Where a redirect from the app should lead in the browser. A relative `Location` resolves
 * against the request's URL; one naming 127.0.0.1 or localhost at the app's port (any port
 * when `appPort` is null: the agent picked code-server's) is the app itself, as the agent
 * presents requests with `Host: 127.0.0.1:<port>`, so it maps onto the app origin. Any other
 * absolute URL is left as it is. Null when the Location is no URL.
 */
export function mapRedirectLocation(
  location: string,
  requestUrl: string,
  appOrigin: string,
  appPort: number | null,
): string | null {
  let target: URL;
  try {
    target = new URL(location, requestUrl);
  } catch {
    return null;
  }
  const web = target.protocol === "http:" || target.protocol === "https:";
  const port = Number(target.port || (target.protocol === "https:" ? 443 : 80));
  if (web && LOOPBACK_HOSTS.has(target.hostname) && (appPort === null || port === appPort)) {
    return `${appOrigin}${target.pathname}${target.search}${target.hash}`;
  }
  return target.href;
}
