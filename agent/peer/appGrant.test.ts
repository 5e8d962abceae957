import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { APP_GRANT_TEST_VECTOR, grantPayload, signAppGrant } from "../testHelpers/appGrants.js";
import { APP_GRANT_CLOCK_SKEW_MS, AppGrantVerifier } from "./appGrant.js";

const TOKEN = "agent-token-for-grant-tests";
const connectionId = randomUUID();
const workspaceId = randomUUID();
const NOW = 1_800_000_000_000;

function verifier(token = TOKEN): AppGrantVerifier {
  const grants = new AppGrantVerifier(token, () => NOW);
  grants.welcomed(workspaceId);
  return grants;
}

const sign = (overrides: Parameters<typeof grantPayload>[2] = {}, token = TOKEN) =>
  signAppGrant(token, grantPayload(connectionId, workspaceId, { exp: NOW + 60_000, ...overrides }));

describe("app grants", () => {
  it("match the test vector computed outside this code base", () => {
    const { token, payload, grant } = APP_GRANT_TEST_VECTOR;
    expect(signAppGrant(token, payload)).toBe(grant);
    const grants = new AppGrantVerifier(token, () => payload.exp);
    grants.welcomed(payload.workspaceId);
    expect(grants.verify(grant, payload.connectionId)).toEqual({ ok: true, value: { app: "code-server" } });
  });

  it("name the app their slug names: code-server or a port", () => {
    expect(verifier().verify(sign(), connectionId)).toEqual({ ok: true, value: { app: "code-server" } });
    expect(verifier().verify(sign({ slug: "8080" }), connectionId)).toEqual({ ok: true, value: { port: 8080 } });
  });

  it("refuse a grant signed with another token, or altered", () => {
    expect(verifier().verify(sign({}, "another-token"), connectionId)).toMatchObject({
      ok: false,
      failure: { code: "FORBIDDEN" },
    });
    const [payloadPart, signature] = sign().split(".") as [string, string];
    const widened = Buffer.from(
      JSON.stringify(grantPayload(connectionId, workspaceId, { slug: "22", exp: NOW + 60_000 })),
    ).toString("base64url");
    for (const forged of [
      `${widened}.${signature}`,
      `${payloadPart}.${signature.slice(0, -2)}`,
      `${payloadPart}.${signature}x`,
      `${payloadPart}.`,
      `.${signature}`,
      payloadPart,
      `${payloadPart}.${signature}.${signature}`,
      `${payloadPart}.${Buffer.from(signature, "base64url").toString("base64")}=`,
      "",
    ]) {
      expect(verifier().verify(forged, connectionId), forged).toMatchObject({
        ok: false,
        failure: { code: "FORBIDDEN", message: "the app grant is not valid" },
      });
    }
  });

  it("refuse a signed payload that is not a version-1 grant", () => {
    for (const payload of [{ v: 2 }, { slug: "vim" }, { slug: "70000" }, { connectionId: "nope" }, { exp: "soon" }]) {
      const grant = sign(payload as never);
      expect(verifier().verify(grant, connectionId), JSON.stringify(payload)).toMatchObject({
        ok: false,
        failure: { code: "FORBIDDEN", message: "the app grant is not valid" },
      });
    }
  });

  it("refuse a grant for another connection or another workspace", () => {
    expect(verifier().verify(sign(), randomUUID())).toMatchObject({
      ok: false,
      failure: { message: "the app grant is for another connection" },
    });
    expect(verifier().verify(sign({ workspaceId: randomUUID() }), connectionId)).toMatchObject({
      ok: false,
      failure: { message: "the app grant is for another workspace" },
    });
  });

  it("refuse every grant before the gateway welcomed the agent", () => {
    const grants = new AppGrantVerifier(TOKEN, () => NOW);
    expect(grants.verify(sign(), connectionId)).toMatchObject({ ok: false, failure: { code: "FORBIDDEN" } });
  });

  it("allow the gateway's clock to be a few seconds ahead, not more", () => {
    expect(verifier().verify(sign({ exp: NOW - APP_GRANT_CLOCK_SKEW_MS }), connectionId).ok).toBe(true);
    expect(verifier().verify(sign({ exp: NOW - APP_GRANT_CLOCK_SKEW_MS - 1 }), connectionId)).toMatchObject({
      ok: false,
      failure: { code: "FORBIDDEN", message: "the app grant expired" },
    });
  });
});
