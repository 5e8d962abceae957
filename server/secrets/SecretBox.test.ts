import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { describe, expect, test } from "vitest";
import { fingerprint, SecretBox, SecretDecryptionError } from "./SecretBox.js";
import { loadSecretKey, parseSecretKey, SECRET_KEY_FILE } from "./secretKey.js";

const silent = pino({ level: "silent" });

describe("SecretBox", () => {
  const box = new SecretBox(Buffer.alloc(32, 1));

  test("round-trips, and the sealed text shows nothing of the secret", () => {
    const sealed = box.seal("the-token", "provider-a");
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain("the-token");
    expect(box.open(sealed, "provider-a")).toBe("the-token");
    expect(box.seal("the-token", "provider-a")).not.toBe(sealed);
  });

  test("another key, another context or a flipped byte do not decrypt", () => {
    const sealed = box.seal("the-token", "provider-a");
    expect(() => new SecretBox(Buffer.alloc(32, 2)).open(sealed, "provider-a")).toThrow(SecretDecryptionError);
    expect(() => box.open(sealed, "provider-b")).toThrow(SecretDecryptionError);
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith("A") ? "B" : "A"}${sealed.slice(-1)}`;
    expect(() => box.open(tampered, "provider-a")).toThrow(SecretDecryptionError);
  });

  test("fingerprints are short and stable", () => {
    expect(fingerprint("abc")).toBe(fingerprint("abc"));
    expect(fingerprint("abc")).toMatch(/^sha256:[0-9a-f]{12}$/);
  });
});

describe("secret key", () => {
  test("is generated once into the data dir with mode 0600, then reused", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gangway-key-"));
    try {
      const first = loadSecretKey(undefined, dir, silent);
      const file = path.join(dir, SECRET_KEY_FILE);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(loadSecretKey(undefined, dir, silent)).toEqual(first);
      const configured = Buffer.alloc(32, 5);
      expect(loadSecretKey(configured, dir, silent)).toEqual(configured);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("parses base64, base64url and hex; refuses other sizes", () => {
    const key = Buffer.alloc(32, 200);
    expect(parseSecretKey(key.toString("base64"))).toEqual(key);
    expect(parseSecretKey(key.toString("base64url"))).toEqual(key);
    expect(parseSecretKey(key.toString("hex"))).toEqual(key);
    expect(parseSecretKey(Buffer.alloc(31).toString("base64"))).toBeNull();
  });
});
