import { type Cookie, cookieHeader, isLive, mergeCookieJars, parseSetCookie } from "./cookies";

const DATABASE = "gangway-cookies";

type BrowserCookie = CookieListItem & { path?: string; sameSite?: Cookie["sameSite"] };
const STORE = "cookies";

/**
 * Cookies the app sets (ADR 0007): a service worker's `Response` cannot set them, so the
 * service worker applies `Set-Cookie` itself. Cookies without HttpOnly go to the browser's
 * jar through `cookieStore`, so the app's scripts see them as if a server had set them;
 * HttpOnly ones go to this jar in IndexedDB, which survives service worker restarts and which
 * no script of the app can read. Requests carry both.
 */
export class CookieJar {
  private database: Promise<IDBDatabase> | null = null;

  constructor(
    private readonly indexedDb: IDBFactory,
    /** The browser's cookie jar; without it every cookie lives in IndexedDB. */
    private readonly browserJar: CookieStore | undefined,
  ) {}

  /** The `Cookie` header for a request to `url`. */
  async header(url: URL): Promise<string> {
    const now = Date.now();
    const stored = await this.storedCookies(now).catch(() => []);
    const browser = await this.browserCookies(url);
    return cookieHeader(mergeCookieJars(stored, browser.cookies, browser.complete), url, now);
  }

  /** Applies the `Set-Cookie` headers of a response to a request for `url`. */
  async apply(setCookies: readonly string[], url: URL): Promise<void> {
    const now = Date.now();
    for (const header of setCookies) {
      const update = parseSetCookie(header, url, now);
      if (!update) continue;
      try {
        if (update.kind === "delete") {
          await this.deleteStored(update.name, update.path);
          await this.browserJar?.delete({ name: update.name, path: update.path });
          continue;
        }
        // Every cookie is kept here too: the browser's jar cannot always be asked for every path.
        await this.store(update.cookie);
        const { name, value, path, expires, sameSite, httpOnly } = update.cookie;
        if (httpOnly) await this.browserJar?.delete({ name, path });
        else await this.browserJar?.set({ name, value, path, expires, sameSite });
      } catch (error) {
        // One cookie the browser refuses (a name it does not allow, say) must not fail the response.
        console.warn("gangway: a cookie from the app was not stored", error);
      }
    }
  }

  /** The cookies scripts see; `complete` when the browser could be asked for exactly this URL. */
  private async browserCookies(url: URL): Promise<{ cookies: Cookie[]; complete: boolean }> {
    const jar = this.browserJar;
    if (!jar) return { cookies: [], complete: true };
    let complete = true;
    // Chrome's items carry the path and SameSite too; TypeScript's lib knows only name and value.
    let items: BrowserCookie[];
    try {
      items = (await jar.getAll({ url: url.href })) as BrowserCookie[];
    } catch {
      // Chrome refuses any URL in a service worker ("must be within scope"); unscoped works.
      complete = false;
      items = (await jar.getAll().catch(() => [])) as BrowserCookie[];
    }
    const cookies = items
      .filter((item) => item.name)
      .map((item) => ({
        name: item.name ?? "",
        value: item.value ?? "",
        path: item.path ?? "/",
        expires: null,
        httpOnly: false,
        sameSite: item.sameSite ?? ("lax" as const),
        created: 0,
      }));
    return { cookies, complete };
  }

  private async storedCookies(now: number): Promise<Cookie[]> {
    const all = await this.transaction("readonly", (store) => store.getAll() as IDBRequest<Cookie[]>);
    const expired = all.filter((cookie) => !isLive(cookie, now));
    for (const cookie of expired) await this.deleteStored(cookie.name, cookie.path);
    return all.filter((cookie) => isLive(cookie, now));
  }

  private async store(cookie: Cookie): Promise<void> {
    await this.transaction("readwrite", (store) => store.put(cookie));
  }

  private async deleteStored(name: string, path: string): Promise<void> {
    await this.transaction("readwrite", (store) => store.delete([name, path]));
  }

  private async transaction<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const database = await this.open();
    return requestResult(run(database.transaction(STORE, mode).objectStore(STORE)));
  }

  private open(): Promise<IDBDatabase> {
    if (!this.database) {
      const request = this.indexedDb.open(DATABASE, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: ["name", "path"] });
      this.database = requestResult(request);
      // A failed open is retried on the next request rather than remembered.
      this.database.catch(() => {
        this.database = null;
      });
    }
    return this.database;
  }
}

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
