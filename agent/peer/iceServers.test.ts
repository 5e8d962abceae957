import { describe, expect, it } from "vitest";
import { toNodeDatachannelIceServers } from "./iceServers.js";

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

  it("keeps a TURN REST username with ':' intact and picks the relay type from the url", () => {
    const credentials = { username: "1767225600:alice", credential: "c2VjcmV0/+=" };
    const { servers } = toNodeDatachannelIceServers([
      {
        urls: [
          "turn:turn.example.org:3478?transport=udp",
          "turn:turn.example.org?transport=tcp",
          "turns:t.example.org",
        ],
        ...credentials,
      },
    ]);
    expect(servers).toEqual([
      {
        hostname: "turn.example.org",
        port: 3478,
        username: "1767225600:alice",
        password: "c2VjcmV0/+=",
        relayType: "TurnUdp",
      },
      {
        hostname: "turn.example.org",
        port: 3478,
        username: "1767225600:alice",
        password: "c2VjcmV0/+=",
        relayType: "TurnTcp",
      },
      {
        hostname: "t.example.org",
        port: 5349,
        username: "1767225600:alice",
        password: "c2VjcmV0/+=",
        relayType: "TurnTls",
      },
    ]);
  });

  it("unwraps bracketed IPv6 hosts", () => {
    const { servers } = toNodeDatachannelIceServers([{ urls: "stun:[fd00::1]:3479" }]);
    expect(servers).toEqual([{ hostname: "fd00::1", port: 3479 }]);
  });

  it("skips what node-datachannel cannot use", () => {
    const { servers, skipped } = toNodeDatachannelIceServers([
      { urls: "turn:turn.example.org" },
      { urls: ["stuns:secure.example.org", "http://example.org", "stun:host:99999", "turns:h?transport=udp"] },
    ]);
    expect(servers).toEqual([]);
    expect(skipped).toEqual([
      "turn:turn.example.org",
      "stuns:secure.example.org",
      "http://example.org",
      "stun:host:99999",
      "turns:h?transport=udp",
    ]);
  });
});
