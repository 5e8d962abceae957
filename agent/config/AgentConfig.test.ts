import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { DEFAULT_PTY_IDLE_TIMEOUT_MS, loadAgentConfig } from "./AgentConfig.js";

const SECRET = "s3cret-token-value";
const base = { GANGWAY_URL: "https://gangway.example.org", GANGWAY_AGENT_TOKEN: SECRET };

describe("loadAgentConfig", () => {
  it("reads the environment with defaults", () => {
    const result = loadAgentConfig(base, tmpdir());
    expect(result).toEqual({
      ok: true,
      config: {
        gatewayUrl: new URL("https://gangway.example.org"),
        token: SECRET,
        workspaceDir: tmpdir(),
        ptyIdleTimeoutMs: DEFAULT_PTY_IDLE_TIMEOUT_MS,
        logLevel: "info",
      },
    });
  });

  it("takes the optional settings", () => {
    const result = loadAgentConfig(
      { ...base, GANGWAY_WORKSPACE_DIR: "/", GANGWAY_PTY_IDLE_TIMEOUT_MS: "5000", GANGWAY_LOG_LEVEL: "debug" },
      tmpdir(),
    );
    expect(result).toMatchObject({
      ok: true,
      config: { workspaceDir: "/", ptyIdleTimeoutMs: 5000, logLevel: "debug" },
    });
  });

  it("treats empty optional variables as unset", () => {
    const result = loadAgentConfig({ ...base, GANGWAY_PTY_IDLE_TIMEOUT_MS: "", GANGWAY_LOG_LEVEL: "" }, tmpdir());
    expect(result).toMatchObject({ ok: true, config: { ptyIdleTimeoutMs: DEFAULT_PTY_IDLE_TIMEOUT_MS } });
  });

  it("names every missing or invalid variable without echoing the token", () => {
    const result = loadAgentConfig(
      { GANGWAY_URL: "ftp://x", GANGWAY_PTY_IDLE_TIMEOUT_MS: "soon", GANGWAY_LOG_LEVEL: "loud" },
      tmpdir(),
    );
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((problem) => problem.split(" ")[0])).toEqual([
      "GANGWAY_URL",
      "GANGWAY_AGENT_TOKEN",
      "GANGWAY_PTY_IDLE_TIMEOUT_MS",
      "GANGWAY_LOG_LEVEL",
    ]);
  });

  it("refuses a workspace directory that does not exist", () => {
    const result = loadAgentConfig({ ...base, GANGWAY_WORKSPACE_DIR: "/nonexistent/gangway" }, tmpdir());
    expect(result).toEqual({ ok: false, problems: ["GANGWAY_WORKSPACE_DIR /nonexistent/gangway is not a directory"] });
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });
});
