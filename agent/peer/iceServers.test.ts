import { describe, expect, it } from "vitest";
import { toNodeDatachannelIceServers } from "./iceServers.js";

const credentials = { username: "1767225600:alice", credential: "c2VjcmV0/+=" };

describe("toNodeDatachannelIceServers", () => {
  it("converts STUN urls with and without a port", () => {
    const { servers, skipped } = toNodeDatachannelIceServers([
      { urls: ["stun:stun.example.org", "stun:10.0.0.1:19302"] },
    ]);
    expect(servers).toEqual([
      { hostname: "stun.example.org", port: 3478 },
      { hostname: "10.0.0.1", port: 19302 },
    ]);
    expect(skipped).toEqual([]);
  });

  it("keeps a TURN REST username with ':' intact; TURN over TCP and TLS are the browser's only", () => {
    const { servers, skipped } = toNodeDatachannelIceServers([
      {
        urls: [
          "turn:turn.example.org:3478?transport=udp",
          "turn:turn.example.org?transport=tcp",
          "turns:t.example.org",
          "turn:second.example.org",
        ],
        ...credentials,
      },
    ]);
    expect(servers).toEqual([
      { hostname: "turn.example.org", port: 3478, ...passwordOf(credentials), relayType: "TurnUdp" },
      { hostname: "second.example.org", port: 3478, ...passwordOf(credentials), relayType: "TurnUdp" },
    ]);
    expect(skipped.map(({ url }) => url)).toEqual(["turn:turn.example.org?transport=tcp", "turns:t.example.org"]);
    expect(skipped[0]?.reason).toBe("libjuice has no TURN over TCP or TLS");
  });

  it("keeps at most two STUN and two TURN servers, in the order given (the provider's region first)", () => {
    const { servers, skipped } = toNodeDatachannelIceServers([
      { urls: ["stun:a", "stun:b", "stun:c"] },
      { urls: ["turn:near", "turn:far", "turn:farther"], ...credentials },
    ]);
    expect(servers.map((server) => server.hostname)).toEqual(["a", "b", "near", "far"]);
    expect(skipped.map(({ url }) => url)).toEqual(["stun:c", "turn:farther"]);
  });

  it("unwraps bracketed IPv6 hosts", () => {
    const { servers } = toNodeDatachannelIceServers([{ urls: "stun:[fd00::1]:3479" }]);
    expect(servers).toEqual([{ hostname: "fd00::1", port: 3479 }]);
  });

  it("skips what node-datachannel cannot use, saying why", () => {
    const { servers, skipped } = toNodeDatachannelIceServers([
      { urls: "turn:turn.example.org" },
      { urls: ["stuns:secure.example.org", "http://example.org", "stun:host:99999", "turns:h?transport=udp"] },
    ]);
    expect(servers).toEqual([]);
    expect(skipped).toEqual([
      { url: "turn:turn.example.org", reason: "TURN without credentials" },
      { url: "stuns:secure.example.org", reason: "not a stun:, turn: or turns: URL" },
      { url: "http://example.org", reason: "not a stun:, turn: or turns: URL" },
      { url: "stun:host:99999", reason: "port out of range" },
      { url: "turns:h?transport=udp", reason: "libjuice has no TURN over TCP or TLS" },
    ]);
  });
});

function passwordOf({ username, credential }: typeof credentials) {
  return { username, password: credential };
}
