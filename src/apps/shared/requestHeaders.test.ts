import { describe, expect, it } from "vitest";
import { forwardedRequestHeaders, hasNoBody, headerValue, withoutHeaders } from "./requestHeaders";

const context = { method: "GET", cookie: "", origin: "http://8080--w--u.apps.localhost", referrer: "" };

describe("forwardedRequestHeaders", () => {
  it("drops hop-by-hop, Connection-listed and browser-owned headers, keeping order and duplicates", () => {
    const headers = forwardedRequestHeaders(
      [
        ["Accept", "text/html"],
        ["Connection", "keep-alive, X-Private"],
        ["X-Private", "1"],
        ["Upgrade", "h2c"],
        ["Cookie", "from-page=1"],
        ["Accept-Encoding", "br"],
        ["Content-Length", "10"],
        ["Host", "evil"],
        ["X-Multi", "a"],
        ["X-Multi", "b"],
      ],
      context,
    );
    expect(headers).toEqual([
      ["Accept", "text/html"],
      ["X-Multi", "a"],
      ["X-Multi", "b"],
      ["Accept-Encoding", "gzip, deflate"],
    ]);
  });

  it("asks for identity on Range requests, so byte ranges stay exact", () => {
    const headers = forwardedRequestHeaders([["Range", "bytes=0-99"]], context);
    expect(headerValue(headers, "accept-encoding")).toBe("identity");
  });

  it("adds the jar's cookies, the Referer, and an Origin for requests that are not GET or HEAD", () => {
    const headers = forwardedRequestHeaders([], {
      ...context,
      method: "post",
      cookie: "a=1; b=2",
      referrer: "http://8080--w--u.apps.localhost/form",
    });
    expect(headers).toEqual([
      ["Accept-Encoding", "gzip, deflate"],
      ["Cookie", "a=1; b=2"],
      ["Origin", "http://8080--w--u.apps.localhost"],
      ["Referer", "http://8080--w--u.apps.localhost/form"],
    ]);
    expect(headerValue(forwardedRequestHeaders([], { ...context, referrer: "about:client" }), "referer")).toBeNull();
  });
});

describe("header helpers", () => {
  it("finds and removes headers case-insensitively", () => {
    const headers: [string, string][] = [
      ["Content-Encoding", "gzip"],
      ["content-length", "5"],
      ["ETag", "x"],
    ];
    expect(headerValue(headers, "CONTENT-ENCODING")).toBe("gzip");
    expect(withoutHeaders(headers, ["content-encoding", "content-length"])).toEqual([["ETag", "x"]]);
  });

  it("knows which responses have no body", () => {
    expect(hasNoBody("HEAD", 200)).toBe(true);
    expect(hasNoBody("GET", 204)).toBe(true);
    expect(hasNoBody("GET", 304)).toBe(true);
    expect(hasNoBody("GET", 206)).toBe(false);
  });
});
