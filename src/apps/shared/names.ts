/**
 * Names from protocol/rest.ts that the service worker needs, written out so it does not load
 * the REST schemas (and zod) on every start; `names.test.ts` keeps them equal to the protocol's.
 */

/** `APP_ORIGIN_PREFIX`: the gateway's paths on an app origin. */
export const GANGWAY_PATH_PREFIX = "/__gangway/";

/** `APP_SESSION_COOKIE`: the gateway's cookie, never forwarded to the app nor set by it. */
export const GANGWAY_SESSION_COOKIE = "gangway_app";
