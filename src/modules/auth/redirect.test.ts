import { describe, expect, it } from "vitest";
import { loginPath, safeRedirect } from "./redirect";

describe("safeRedirect", () => {
  it("keeps same-origin paths", () => {
    expect(safeRedirect("/workspaces/1?x=2")).toBe("/workspaces/1?x=2");
  });

  it.each([null, "", "https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)"])(
    "falls back to the dashboard for %s",
    (target) => {
      expect(safeRedirect(target)).toBe("/");
    },
  );
});

describe("loginPath", () => {
  it("carries the wanted page", () => {
    expect(loginPath("/workspaces/1")).toBe("/login?redirect=%2Fworkspaces%2F1");
    expect(loginPath("/")).toBe("/login");
  });
});
