import { describe, expect, it } from "vitest";
import { agentSocketUrl } from "./agentSocketUrl.js";

describe("agentSocketUrl", () => {
  it.each([
    ["http://localhost:7080", "ws://localhost:7080/api/v1/agent/connect"],
    ["https://gangway.example.org/", "wss://gangway.example.org/api/v1/agent/connect"],
    ["https://example.org/gangway/", "wss://example.org/gangway/api/v1/agent/connect"],
    ["ws://10.0.0.1:80", "ws://10.0.0.1/api/v1/agent/connect"],
  ])("maps %s to %s", (base, expected) => {
    expect(agentSocketUrl(new URL(base)).href).toBe(expected);
  });

  it("refuses other schemes", () => {
    expect(() => agentSocketUrl(new URL("ftp://example.org"))).toThrow(TypeError);
  });
});
