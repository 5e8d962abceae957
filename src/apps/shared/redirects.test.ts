import { describe, expect, it } from "vitest";
import { mapRedirectLocation } from "./redirects";

const ORIGIN = "http://8080--dev--alice.apps.localhost:7080";
const REQUEST = `${ORIGIN}/app/page?x=1`;

describe("mapRedirectLocation", () => {
  it("resolves relative locations against the request", () => {
    expect(mapRedirectLocation("/login?next=%2F", REQUEST, ORIGIN, 8080)).toBe(`${ORIGIN}/login?next=%2F`);
    expect(mapRedirectLocation("other#top", REQUEST, ORIGIN, 8080)).toBe(`${ORIGIN}/app/other#top`);
  });

  it("maps the app's own loopback address onto the app origin", () => {
    expect(mapRedirectLocation("http://127.0.0.1:8080/a?b", REQUEST, ORIGIN, 8080)).toBe(`${ORIGIN}/a?b`);
    expect(mapRedirectLocation("http://localhost:8080/", REQUEST, ORIGIN, 8080)).toBe(`${ORIGIN}/`);
  });

  it("leaves other ports and hosts alone, unless the app's port is unknown (code-server)", () => {
    expect(mapRedirectLocation("http://127.0.0.1:9000/x", REQUEST, ORIGIN, 8080)).toBe("http://127.0.0.1:9000/x");
    expect(mapRedirectLocation("https://example.com/x", REQUEST, ORIGIN, 8080)).toBe("https://example.com/x");
    expect(mapRedirectLocation("http://127.0.0.1:41234/?folder=/w", REQUEST, ORIGIN, null)).toBe(
      `${ORIGIN}/?folder=/w`,
    );
  });

  it("refuses what is no URL", () => {
    expect(mapRedirectLocation("http://[bad", REQUEST, ORIGIN, 8080)).toBeNull();
  });
});
