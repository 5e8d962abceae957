import { describe, expect, test } from "vitest";
import { hashPassword, verifyPassword } from "./passwords.js";

describe("passwords", () => {
  test("a hash verifies its password only, and carries its parameters and a per-hash salt", async () => {
    const first = await hashPassword("correct horse");
    const second = await hashPassword("correct horse");
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword("correct horse", first)).toBe(true);
    expect(await verifyPassword("correct horse ", first)).toBe(false);
    expect(await verifyPassword("", first)).toBe(false);
  });

  test("malformed stored hashes never match", async () => {
    for (const stored of ["", "plain", "bcrypt$x$y", "scrypt$32768$8$1$$"]) {
      expect(await verifyPassword("anything", stored)).toBe(false);
    }
  });
});
