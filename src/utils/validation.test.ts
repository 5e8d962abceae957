import { describe, expect, it } from "vitest";
import { Password, WorkspaceName } from "../../protocol/rest.js";
import { fieldError } from "./validation";

describe("fieldError", () => {
  it("accepts a valid value", () => {
    expect(fieldError(WorkspaceName, "api-server")).toBeNull();
  });

  it("words each kind of problem for a form", () => {
    expect(fieldError(WorkspaceName, "")).toBe("Required");
    expect(fieldError(WorkspaceName, "a".repeat(33))).toBe("At most 32 characters");
    expect(fieldError(WorkspaceName, "Bad_Name")).toBe("Lowercase letters, digits and inner dashes only");
    expect(fieldError(Password, "short")).toBe("At least 8 characters");
  });
});
