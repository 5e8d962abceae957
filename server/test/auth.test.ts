import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { MAX_REST_BODY_BYTES } from "../../protocol/limits.js";
import { createMember, listeningUrl, setupAdmin, startTestServer, TestClient, type TestServer } from "./helpers.js";

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

describe("setup", () => {
  test("creates the first admin once, signs them in, then refuses", async () => {
    const client = new TestClient(server);
    expect((await client.get("/setup")).body).toEqual({ needsSetup: true });

    const created = await client.post("/setup", { username: "root", password: "long enough" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ user: { username: "root", role: "admin" } });
    expect((await client.get("/auth/me")).body).toMatchObject({ user: { username: "root" } });
    expect((await client.get("/setup")).body).toEqual({ needsSetup: false });

    const again = await new TestClient(server).post("/setup", { username: "other", password: "long enough" });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: "SETUP_ALREADY_DONE" } });
  });

  test("other API routes answer 428 SETUP_REQUIRED until setup is done", async () => {
    const client = new TestClient(server);
    for (const response of [await client.get("/auth/me"), await client.get("/workspaces")]) {
      expect(response.status).toBe(428);
      expect(response.body).toMatchObject({ error: { code: "SETUP_REQUIRED" } });
    }
    expect((await client.post("/auth/login", { username: "x", password: "y" })).status).toBe(428);
  });

  test("validation errors name the offending field", async () => {
    const response = await new TestClient(server).post("/setup", { username: "Bad Name", password: "long enough" });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: "INVALID_REQUEST" } });
    expect((response.body as { error: { message: string } }).error.message).toMatch(/^username:/);

    const short = await new TestClient(server).post("/setup", { username: "fine", password: "short" });
    expect((short.body as { error: { message: string } }).error.message).toMatch(/^password:/);

    const missing = await new TestClient(server).post("/setup");
    expect(missing.status).toBe(400);
    expect((missing.body as { error: { message: string } }).error.message).toMatch(/^body:/);
  });
});

describe("sessions", () => {
  test("login sets an HttpOnly SameSite=Lax cookie; logout ends the session", async () => {
    await setupAdmin(server, "root");
    const client = new TestClient(server);
    const login = await client.post("/auth/login", { username: "root", password: "correct horse" });
    expect(login.status).toBe(200);
    const cookie = login.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^gangway_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    expect((await client.get("/auth/me")).status).toBe(200);

    const stolen = client.cookie;
    expect((await client.post("/auth/logout")).status).toBe(204);
    const replay = new TestClient(server);
    replay.cookie = stolen;
    const me = await replay.get("/auth/me");
    expect(me.status).toBe(401);
    expect(me.body).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
  });

  test("a wrong password and an unknown user get the same answer", async () => {
    await setupAdmin(server, "root");
    const wrongPassword = await new TestClient(server).post("/auth/login", { username: "root", password: "nope nope" });
    const unknownUser = await new TestClient(server).post("/auth/login", { username: "ghost", password: "nope nope" });
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownUser.body);
    expect(wrongPassword.body).toMatchObject({ error: { code: "INVALID_CREDENTIALS" } });
    expect(wrongPassword.headers.get("set-cookie")).toBeNull();
  });

  test("the cookie is Secure when the access URL is https", async () => {
    const secure = await startTestServer({ accessUrl: "https://gangway.example.test" });
    try {
      const response = await fetch(`http://127.0.0.1:${new URL(listeningUrl(secure)).port}/api/v1/setup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "root", password: "long enough" }),
      });
      expect(response.headers.get("set-cookie")).toMatch(/; Secure/);
    } finally {
      await secure.close();
    }
  });
});

describe("users and roles", () => {
  test("admins list and create users; members are forbidden", async () => {
    const admin = await setupAdmin(server);
    const member = await createMember(server, admin, "bob");

    const list = await admin.get<{ users: { username: string; role: string }[] }>("/users");
    expect(list.body.users.map((user) => [user.username, user.role])).toEqual([
      ["admin", "admin"],
      ["bob", "member"],
    ]);
    expect(JSON.stringify(list.body)).not.toMatch(/password|scrypt/);

    for (const response of [
      await member.get("/users"),
      await member.post("/users", { username: "eve", password: "12345678", role: "admin" }),
    ]) {
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ error: { code: "FORBIDDEN" } });
    }
    const taken = await admin.post("/users", { username: "bob", password: "another one", role: "member" });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ error: { code: "CONFLICT" } });
  });

  test("members see only ready, uncordoned providers; the local one is built in", async () => {
    const admin = await setupAdmin(server);
    const member = await createMember(server, admin, "bob");
    const expected = { id: "local", name: "local", kind: "local", region: "local", status: "ready", cordoned: false };
    // Admins get the management view (counts, settings); members the plain one.
    expect((await admin.get("/providers")).body).toEqual({
      providers: [
        {
          ...expected,
          statusMessage: null,
          lastCheckedAt: null,
          cordonReason: null,
          workspaceCount: 0,
          createdAt: expect.any(String),
          settings: {},
          turnUrls: [],
        },
      ],
    });
    expect((await member.get("/providers")).body).toEqual({ providers: [{ ...expected, statusMessage: null }] });
  });
});

describe("request rules", () => {
  test("mutating requests without Content-Type: application/json are refused with 415 (CSRF)", async () => {
    const admin = await setupAdmin(server);
    const form = await admin.fetch("POST", "/workspaces", "name=x", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(form.status).toBe(415);
    expect(form.body).toMatchObject({ error: { code: "INVALID_REQUEST" } });
    const plain = await admin.fetch("POST", "/auth/logout", "", { "content-type": "text/plain" });
    expect(plain.status).toBe(415);
    expect((await admin.get("/auth/me")).status).toBe(200);
  });

  test("malformed JSON, oversized bodies and unknown routes get typed errors", async () => {
    const admin = await setupAdmin(server);
    const broken = await admin.fetch("POST", "/workspaces", "{not json");
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ error: { code: "INVALID_REQUEST" } });

    const huge = await admin.post("/workspaces", { name: "x".repeat(MAX_REST_BODY_BYTES + 1) });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ error: { code: "MESSAGE_TOO_LARGE" } });

    const unknown = await admin.get("/no/such/route");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  test("passwords, cookies and tokens never reach the logs", async () => {
    const admin = await setupAdmin(server);
    await admin.post("/auth/login", { username: "admin", password: "correct horse" });
    await admin.get("/auth/me");
    const token = admin.cookie?.split("=")[1] ?? "";
    expect(token.length).toBeGreaterThan(20);
    const logs = server.logs();
    expect(logs).toContain("signed in");
    expect(logs).not.toContain("correct horse");
    expect(logs).not.toContain(token);
  });
});
