import { describe, expect, it } from "vitest";
import { appPort, appTarget, slugFromHostname } from "./appTarget";

describe("app targets", () => {
  it("reads the slug from an app hostname", () => {
    expect(slugFromHostname("code-server--dev--alice.apps.localhost")).toBe("code-server");
    expect(slugFromHostname("8080--dev--alice.apps.example.org")).toBe("8080");
  });

  it("refuses hostnames that are not app hostnames", () => {
    expect(slugFromHostname("localhost")).toBeNull();
    expect(slugFromHostname("8080--dev.apps.localhost")).toBeNull();
    expect(slugFromHostname("70000--dev--alice.apps.localhost")).toBeNull();
    expect(slugFromHostname("0--dev--alice.apps.localhost")).toBeNull();
  });

  it("names code-server by app and everything else by port", () => {
    expect(appTarget("code-server")).toEqual({ app: "code-server" });
    expect(appTarget("3000")).toEqual({ port: 3000 });
    expect(appPort("code-server")).toBeNull();
    expect(appPort("3000")).toBe(3000);
  });
});
