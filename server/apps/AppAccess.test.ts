import { randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import {
  APP_SESSION_LIFETIME_MS,
  APP_TICKET_LIFETIME_MS,
  AppAccess,
  type AppClaims,
  appRedirectPath,
} from "./AppAccess.js";

const CLAIMS: AppClaims = {
  userId: "5b0c8f2e-8f4e-4c58-9a63-3f0e1b2c4d5e",
  workspaceId: "0d7f6b1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b",
  slug: "8080",
  sessionId: "ab".repeat(32),
  hostname: "8080--dev--alice.apps.localhost",
};

function access(): { access: AppAccess; clock: { now: number } } {
  const clock = { now: 1_700_000_000_000 };
  return { access: new AppAccess(randomBytes(32), () => clock.now), clock };
}

describe("app tickets", () => {
  test("a ticket is accepted once, on its own hostname, until it expires", () => {
    const { access: gate, clock } = access();
    const ticket = gate.issueTicket(CLAIMS);
    expect(gate.redeemTicket(ticket, "3000--dev--alice.apps.localhost")).toBeNull();
    clock.now += APP_TICKET_LIFETIME_MS - 1;
    expect(gate.redeemTicket(ticket, CLAIMS.hostname)).toEqual(CLAIMS);
    expect(gate.redeemTicket(ticket, CLAIMS.hostname)).toBeNull();

    const late = gate.issueTicket(CLAIMS);
    clock.now += APP_TICKET_LIFETIME_MS;
    expect(gate.redeemTicket(late, CLAIMS.hostname)).toBeNull();
  });

  test("a ticket of another gateway key, a tampered one and garbage are refused", () => {
    const { access: gate } = access();
    const { access: other } = access();
    expect(gate.redeemTicket(other.issueTicket(CLAIMS), CLAIMS.hostname)).toBeNull();
    const [payload, signature] = gate.issueTicket(CLAIMS).split(".");
    const forged = JSON.parse(Buffer.from(payload ?? "", "base64url").toString());
    forged.workspace = "11111111-2222-4333-8444-555555555555";
    expect(
      gate.redeemTicket(`${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${signature}`, CLAIMS.hostname),
    ).toBeNull();
    for (const junk of ["", ".", "abc", `${payload}.`, `${payload}.${"A".repeat(43)}`, "x".repeat(10_000)]) {
      expect(gate.redeemTicket(junk, CLAIMS.hostname)).toBeNull();
    }
  });
});

describe("app sessions", () => {
  test("a session is valid on its hostname for 12 hours; a ticket is no session and a session no ticket", () => {
    const { access: gate, clock } = access();
    const cookie = gate.sessionCookie(CLAIMS);
    expect(cookie.expires.getTime()).toBe(clock.now + APP_SESSION_LIFETIME_MS);
    expect(gate.readSession(cookie.value, CLAIMS.hostname)).toEqual(CLAIMS);
    expect(gate.readSession(cookie.value, "8080--dev--bob.apps.localhost")).toBeNull();
    expect(gate.readSession(undefined, CLAIMS.hostname)).toBeNull();
    expect(gate.readSession(gate.issueTicket(CLAIMS), CLAIMS.hostname)).toBeNull();
    expect(gate.redeemTicket(cookie.value, CLAIMS.hostname)).toBeNull();
    clock.now += APP_SESSION_LIFETIME_MS;
    expect(gate.readSession(cookie.value, CLAIMS.hostname)).toBeNull();
  });
});

describe("appRedirectPath", () => {
  test("paths on the app's own origin only", () => {
    for (const path of ["/", "/a/b?c=d#e", "/%2F%2Fx"]) expect(appRedirectPath(path)).toBe(path);
    for (const path of [
      "//evil.example/",
      "/\\evil.example",
      "https://evil.example/",
      "",
      "x",
      "/ space",
      "/é",
      42,
      ["/"],
    ]) {
      expect(appRedirectPath(path)).toBeNull();
    }
  });
});
