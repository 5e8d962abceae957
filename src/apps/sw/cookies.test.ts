import { describe, expect, it } from "vitest";
import { type Cookie, cookieHeader, defaultPath, mergeCookieJars, parseSetCookie, pathMatches } from "./cookies";

const NOW = Date.UTC(2026, 0, 1);
const url = new URL("http://8080--dev--alice.apps.localhost:7080/app/login?next=1");

function cookie(name: string, path: string, extra: Partial<Cookie> = {}): Cookie {
  return {
    name,
    value: `${name}-value`,
    path,
    expires: null,
    httpOnly: false,
    sameSite: "lax",
    created: NOW,
    ...extra,
  };
}

describe("parseSetCookie", () => {
  it("reads name, value and attributes, defaulting the path to the request's directory", () => {
    expect(parseSetCookie("sid=abc; HttpOnly; SameSite=Strict", url, NOW)).toEqual({
      kind: "set",
      cookie: {
        name: "sid",
        value: "abc",
        path: "/app",
        expires: null,
        httpOnly: true,
        sameSite: "strict",
        created: NOW,
      },
    });
  });

  it("keeps an explicit path and turns Max-Age into an expiry that wins over Expires", () => {
    const update = parseSetCookie("a=1; Path=/; Expires=Wed, 21 Oct 2099 07:28:00 GMT; Max-Age=60", url, NOW);
    expect(update).toMatchObject({ kind: "set", cookie: { path: "/", expires: NOW + 60_000, httpOnly: false } });
  });

  it("reads Expires when there is no Max-Age", () => {
    const update = parseSetCookie("a=1; expires=Wed, 21 Oct 2099 07:28:00 GMT", url, NOW);
    expect(update).toMatchObject({ cookie: { expires: Date.UTC(2099, 9, 21, 7, 28) } });
  });

  it("deletes a cookie that arrives expired (Max-Age=0 or a past date)", () => {
    expect(parseSetCookie("a=; Max-Age=0; Path=/", url, NOW)).toEqual({ kind: "delete", name: "a", path: "/" });
    expect(parseSetCookie("a=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT", url, NOW)).toEqual({
      kind: "delete",
      name: "a",
      path: "/app",
    });
  });

  it("strips quotes, ignores a path not starting with / and keeps '=' inside values", () => {
    expect(parseSetCookie('t="a=b"; Path=relative', url, NOW)).toMatchObject({
      cookie: { value: "a=b", path: "/app" },
    });
  });

  it("ignores headers without a name, and the gateway's own session cookie", () => {
    expect(parseSetCookie("novalue", url, NOW)).toBeNull();
    expect(parseSetCookie("=x", url, NOW)).toBeNull();
    expect(parseSetCookie("gangway_app=forged; Path=/", url, NOW)).toBeNull();
  });
});

describe("paths", () => {
  it("defaults to the directory of the request path", () => {
    expect(defaultPath("/")).toBe("/");
    expect(defaultPath("/login")).toBe("/");
    expect(defaultPath("/a/b/c")).toBe("/a/b");
  });

  it("matches a path, its sub-paths, and nothing that merely starts with the same letters", () => {
    expect(pathMatches("/app", "/app")).toBe(true);
    expect(pathMatches("/app", "/app/x")).toBe(true);
    expect(pathMatches("/app/", "/app/x")).toBe(true);
    expect(pathMatches("/app", "/apple")).toBe(false);
    expect(pathMatches("/app/x", "/app")).toBe(false);
  });
});

describe("cookieHeader", () => {
  it("sends matching live cookies, longer paths first, then older first", () => {
    const cookies = [
      cookie("root", "/", { created: NOW - 10 }),
      cookie("young", "/", { created: NOW }),
      cookie("deep", "/app"),
      cookie("elsewhere", "/other"),
      cookie("expired", "/", { expires: NOW - 1 }),
      cookie("alive", "/", { expires: NOW + 1, created: NOW + 5 }),
    ];
    expect(cookieHeader(cookies, url, NOW)).toBe(
      "deep=deep-value; root=root-value; young=young-value; alive=alive-value",
    );
  });

  it("never sends the gateway's app session cookie", () => {
    expect(cookieHeader([cookie("gangway_app", "/")], url, NOW)).toBe("");
  });
});

describe("mergeCookieJars", () => {
  const stored = [
    cookie("secret", "/", { httpOnly: true }),
    cookie("deleted-by-script", "/"),
    cookie("deep", "/app"),
    cookie("changed", "/app"),
  ];
  const browser = [cookie("visible", "/"), cookie("changed", "/app", { value: "new" })];

  it("takes HttpOnly cookies from the jar, the browser's cookies as they are now, and copies it cannot show", () => {
    const merged = mergeCookieJars(stored, browser, false);
    expect(merged.map((c) => `${c.name}=${c.value}`)).toEqual([
      "secret=secret-value",
      "deep=deep-value",
      "visible=visible-value",
      "changed=new",
    ]);
  });

  it("trusts the browser's jar alone for script-visible cookies when it reports every path", () => {
    expect(mergeCookieJars(stored, browser, true).map((c) => c.name)).toEqual(["secret", "visible", "changed"]);
  });
});
