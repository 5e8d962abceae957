import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { installedCodeServerEntry, isCodeServerInstalled } from "./codeServerCommand.js";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "gangway-tools-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function script(path: string, mode: number): Promise<string> {
  await writeFile(path, "#!/bin/sh\n");
  await chmod(path, mode);
  return path;
}

describe("isCodeServerInstalled", () => {
  it("looks for the install under the tools directory", async () => {
    const env = { GANGWAY_TOOLS_DIR: dir };
    expect(isCodeServerInstalled(env)).toBe(false);
    const entry = installedCodeServerEntry(env);
    await mkdir(dirname(entry), { recursive: true });
    await writeFile(entry, "");
    expect(isCodeServerInstalled(env)).toBe(true);
  });

  it("takes GANGWAY_CODE_SERVER when it names an executable, by path or on PATH", async () => {
    const executable = await script(join(dir, "code-server"), 0o755);
    const plain = await script(join(dir, "not-executable"), 0o644);
    expect(isCodeServerInstalled({ GANGWAY_CODE_SERVER: executable, GANGWAY_TOOLS_DIR: dir })).toBe(true);
    expect(isCodeServerInstalled({ GANGWAY_CODE_SERVER: plain })).toBe(false);
    expect(isCodeServerInstalled({ GANGWAY_CODE_SERVER: join(dir, "missing") })).toBe(false);
    expect(isCodeServerInstalled({ GANGWAY_CODE_SERVER: "code-server", PATH: `/nonexistent:${dir}` })).toBe(true);
    expect(isCodeServerInstalled({ GANGWAY_CODE_SERVER: "code-server", PATH: "/nonexistent" })).toBe(false);
  });
});
