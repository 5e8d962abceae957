import { createHmac } from "node:crypto";
import { describe, expect, test } from "vitest";
import { IceServerIssuer } from "./IceServerIssuer.js";
import { TURN_CREDENTIAL_TTL_SECONDS, turnCredential } from "./TurnCredentials.js";

const NOW_MS = Date.UTC(2026, 0, 5, 10, 0, 0);
const SECRET = "0123456789abcdef0123";

describe("turnCredential", () => {
  test("is the TURN REST pair coturn's use-auth-secret checks", () => {
    const { username, credential } = turnCredential(SECRET, "user-1", NOW_MS);
    expect(username).toBe(`${NOW_MS / 1000 + TURN_CREDENTIAL_TTL_SECONDS}:user-1`);
    expect(credential).toBe(createHmac("sha1", SECRET).update(username).digest("base64"));
  });
});

describe("IceServerIssuer", () => {
  const config = {
    stunUrls: ["stun:stun.example.test:3478"],
    turnUrls: ["turn:turn.example.test:3478?transport=udp", "turns:turn.example.test:5349?transport=tcp"],
    turnSecret: SECRET,
    extraServers: [{ urls: "stun:static.example.test" }],
  };

  test("STUN, then TURN with a fresh credential (the provider's region first, no duplicates), then static servers", () => {
    const issuer = new IceServerIssuer(config, () => NOW_MS);
    const servers = issuer.issue({
      userId: "user-1",
      providerTurnUrls: ["turn:near.example.test:3478", "turn:turn.example.test:3478?transport=udp"],
    });
    expect(servers).toEqual([
      { urls: ["stun:stun.example.test:3478"] },
      {
        urls: [
          "turn:near.example.test:3478",
          "turn:turn.example.test:3478?transport=udp",
          "turns:turn.example.test:5349?transport=tcp",
        ],
        ...turnCredential(SECRET, "user-1", NOW_MS),
      },
      { urls: "stun:static.example.test" },
    ]);
    expect(JSON.stringify(servers)).not.toContain(SECRET);
  });

  test("without a secret there is no TURN, even where a provider names one", () => {
    const issuer = new IceServerIssuer({ ...config, turnUrls: [], turnSecret: null }, () => NOW_MS);
    expect(issuer.issue({ userId: "u", providerTurnUrls: ["turn:near.example.test"] })).toEqual([
      { urls: ["stun:stun.example.test:3478"] },
      { urls: "stun:static.example.test" },
    ]);
  });
});
