import { describe, expect, test } from "vitest";
import { AppHosts, formatAppLabel, parseAppLabel } from "./appHosts.js";

describe("app labels", () => {
  test("format and parse are inverse for every kind of slug", () => {
    for (const address of [
      { slug: "code-server", workspaceName: "dev", username: "alice" },
      { slug: "8080", workspaceName: "my-project", username: "bob-2" },
      { slug: "65535", workspaceName: "a", username: "b" },
    ]) {
      const label = formatAppLabel(address);
      expect(parseAppLabel(label)).toEqual(address);
    }
    expect(formatAppLabel({ slug: "3000", workspaceName: "web", username: "carol" })).toBe("3000--web--carol");
  });

  test.each([
    ["two parts", "8080--alice"],
    ["four parts", "8080--dev--x--alice"],
    ["one part", "8080"],
    ["an unknown app", "vscode--dev--alice"],
    ["port 0", "0--dev--alice"],
    ["a port above 65535", "65536--dev--alice"],
    ["a leading zero", "080--dev--alice"],
    ["an empty workspace", "8080----alice"],
    ["a workspace ending in a dash", "8080--dev---alice"],
    ["upper case", "8080--Dev--alice"],
    ["an underscore", "8080--dev--al_ice"],
    ["a username over 32 characters", `8080--dev--${"a".repeat(33)}`],
  ])("refuses %s", (_what, label) => {
    expect(parseAppLabel(label)).toBeNull();
  });
});

describe("AppHosts", () => {
  test("by default the apps domain is apps.<dashboard hostname>, with the dashboard's scheme and port", () => {
    const hosts = new AppHosts(() => "http://localhost:7080", null);
    const address = { slug: "code-server", workspaceName: "dev", username: "alice" };
    expect(hosts.domain).toBe("apps.localhost");
    expect(hosts.hostname(address)).toBe("code-server--dev--alice.apps.localhost");
    expect(hosts.origin(address)).toBe("http://code-server--dev--alice.apps.localhost:7080");
  });

  test("a configured domain; an https dashboard on its default port gives origins without a port", () => {
    const hosts = new AppHosts(() => "https://ide.example.com", "apps.example.net");
    expect(hosts.origin({ slug: "8080", workspaceName: "dev", username: "alice" })).toBe(
      "https://8080--dev--alice.apps.example.net",
    );
  });

  test("the dashboard's hostname stays the dashboard's even under the apps domain", () => {
    const hosts = new AppHosts(() => "https://ide.example.com", "example.com");
    expect(hosts.classify("ide.example.com")).toEqual({ kind: "dashboard" });
    expect(hosts.classify("8080--dev--alice.example.com")).toMatchObject({ kind: "app", address: { slug: "8080" } });
  });

  test("classifies hostnames: the dashboard's, an app's, and names under the apps domain that are no app", () => {
    const hosts = new AppHosts(() => "http://localhost:7080", null);
    expect(hosts.classify("localhost")).toEqual({ kind: "dashboard" });
    expect(hosts.classify("127.0.0.1")).toEqual({ kind: "dashboard" });
    expect(hosts.classify("evil-apps.localhost")).toEqual({ kind: "dashboard" });
    expect(hosts.classify("8080--dev--alice.apps.localhost")).toEqual({
      kind: "app",
      hostname: "8080--dev--alice.apps.localhost",
      address: { slug: "8080", workspaceName: "dev", username: "alice" },
    });
    // Host headers are case-insensitive and may end in a dot.
    expect(hosts.classify("8080--DEV--alice.Apps.Localhost.")).toMatchObject({
      hostname: "8080--dev--alice.apps.localhost",
      address: { workspaceName: "dev" },
    });
    for (const name of [
      "apps.localhost",
      "x.apps.localhost",
      "a.8080--dev--alice.apps.localhost",
      "8080--alice.apps.localhost",
    ]) {
      expect(hosts.classify(name)).toEqual({ kind: "app", hostname: name, address: null });
    }
  });
});
