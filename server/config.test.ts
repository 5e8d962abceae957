import path from "node:path";
import { describe, expect, test } from "vitest";
import { ConfigError, configFromEnv } from "./config.js";

describe("configFromEnv", () => {
  test("safe local defaults", () => {
    const config = configFromEnv({}, "/srv");
    expect(config).toMatchObject({
      port: 7080,
      listenAddress: "127.0.0.1",
      dataDir: path.join("/srv", ".gangway"),
      accessUrl: null,
      iceServers: [],
      benchRelay: false,
      spaDir: path.join("/srv", "dist"),
      stopWorkspacesOnExit: false,
      logLevel: "info",
    });
  });

  test("reads every variable", () => {
    const config = configFromEnv(
      {
        PORT: "0",
        GANGWAY_LISTEN: "0.0.0.0",
        GANGWAY_DATA_DIR: "/var/lib/gangway",
        GANGWAY_ACCESS_URL: "https://ide.example.com/",
        GANGWAY_ICE_SERVERS: '[{"urls":["stun:a:3478"]},{"urls":"turn:b","username":"u","credential":"c"}]',
        GANGWAY_BENCH_RELAY: "1",
        GANGWAY_SPA_DIR: "/opt/spa",
        GANGWAY_STOP_WORKSPACES_ON_EXIT: "1",
        GANGWAY_LOG_LEVEL: "debug",
      },
      "/srv",
    );
    expect(config).toMatchObject({
      port: 0,
      listenAddress: "0.0.0.0",
      dataDir: "/var/lib/gangway",
      accessUrl: "https://ide.example.com",
      benchRelay: true,
      spaDir: "/opt/spa",
      stopWorkspacesOnExit: true,
      logLevel: "debug",
    });
    expect(config.iceServers).toHaveLength(2);
  });

  test.each([
    [{ PORT: "70000" }, /^PORT/],
    [{ GANGWAY_ACCESS_URL: "ftp://x" }, /^GANGWAY_ACCESS_URL/],
    [{ GANGWAY_ICE_SERVERS: "nope" }, /^GANGWAY_ICE_SERVERS: not valid JSON/],
    [{ GANGWAY_ICE_SERVERS: '[{"url":"stun:x"}]' }, /^GANGWAY_ICE_SERVERS: 0\.urls/],
    [{ GANGWAY_BENCH_RELAY: "yes" }, /^GANGWAY_BENCH_RELAY/],
    [{ GANGWAY_LOG_LEVEL: "loud" }, /^GANGWAY_LOG_LEVEL/],
  ])("refuses %o with a message naming the variable", (env, message) => {
    expect(() => configFromEnv(env)).toThrow(ConfigError);
    expect(() => configFromEnv(env)).toThrow(message);
  });

  test("GANGWAY_SECRET_KEY takes 32 bytes as base64 or hex, and nothing else", () => {
    const key = Buffer.alloc(32, 9);
    expect(configFromEnv({ GANGWAY_SECRET_KEY: key.toString("base64") }).secretKey).toEqual(key);
    expect(configFromEnv({ GANGWAY_SECRET_KEY: key.toString("hex") }).secretKey).toEqual(key);
    expect(configFromEnv({}).secretKey).toBeUndefined();
    for (const bad of ["short", Buffer.alloc(16).toString("base64"), "z".repeat(64)]) {
      expect(() => configFromEnv({ GANGWAY_SECRET_KEY: bad })).toThrow(/^GANGWAY_SECRET_KEY: must be 32 bytes/);
    }
  });

  test("STUN and TURN servers as comma-separated URLs; TURN needs its shared secret", () => {
    const config = configFromEnv({
      GANGWAY_STUN_URLS: "stun:203.0.113.10:3478, stun:stun.example.com",
      GANGWAY_TURN_URLS: "turn:203.0.113.10:3478?transport=udp,turns:turn.example.com:5349?transport=tcp",
      GANGWAY_TURN_SECRET: "0123456789abcdef0123",
    });
    expect(config.stunUrls).toEqual(["stun:203.0.113.10:3478", "stun:stun.example.com"]);
    expect(config.turn).toEqual({
      urls: ["turn:203.0.113.10:3478?transport=udp", "turns:turn.example.com:5349?transport=tcp"],
      secret: "0123456789abcdef0123",
    });
    expect(configFromEnv({}).turn).toBeUndefined();
    expect(configFromEnv({}).stunUrls).toEqual([]);
  });

  test.each([
    [{ GANGWAY_STUN_URLS: "turn:x" }, /^GANGWAY_STUN_URLS: "turn:x" is not a valid URL/],
    [{ GANGWAY_TURN_URLS: "turn:u:p@x", GANGWAY_TURN_SECRET: "0123456789abcdef" }, /^GANGWAY_TURN_URLS: "turn:u:p@x"/],
    [{ GANGWAY_TURN_URLS: "turn:x" }, /^GANGWAY_TURN_SECRET: required with GANGWAY_TURN_URLS/],
    [{ GANGWAY_TURN_URLS: "turn:x", GANGWAY_TURN_SECRET: "short" }, /^GANGWAY_TURN_SECRET: required/],
    [{ GANGWAY_TURN_SECRET: "0123456789abcdef" }, /^GANGWAY_TURN_SECRET: set, but GANGWAY_TURN_URLS names no/],
  ])("refuses ICE settings %o, never echoing the secret", (env, message) => {
    expect(() => configFromEnv(env)).toThrow(message);
    expect(() => configFromEnv(env)).not.toThrow(/0123456789abcdef|short/);
  });

  test("GANGWAY_APPS_DOMAIN: a DNS name, lower-cased; unset or empty means apps.<dashboard hostname>", () => {
    expect(configFromEnv({ GANGWAY_APPS_DOMAIN: "Apps.Example.COM." }).appsDomain).toBe("apps.example.com");
    expect(configFromEnv({}).appsDomain).toBeNull();
    expect(configFromEnv({ GANGWAY_APPS_DOMAIN: "" }).appsDomain).toBeNull();
    for (const bad of [
      "https://apps.example.com",
      "apps..example.com",
      "-apps.example.com",
      "apps.example.com:8080",
      "*.example.com",
    ]) {
      expect(() => configFromEnv({ GANGWAY_APPS_DOMAIN: bad })).toThrow(/^GANGWAY_APPS_DOMAIN: must be a DNS name/);
    }
  });

  test("GANGWAY_LOCAL_AGENT_LAUNCHER is split into command words", () => {
    expect(configFromEnv({ GANGWAY_LOCAL_AGENT_LAUNCHER: " ip netns exec  lab-cluster " }).localAgentLauncher).toEqual([
      "ip",
      "netns",
      "exec",
      "lab-cluster",
    ]);
    expect(configFromEnv({}).localAgentLauncher).toEqual([]);
  });
});
