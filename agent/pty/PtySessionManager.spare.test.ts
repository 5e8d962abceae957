import { afterEach, describe, expect, it } from "vitest";
import { RecordingAttachment } from "../testHelpers/RecordingAttachment.js";
import { newSessionId, testPtyManager } from "../testHelpers/testPty.js";
import { pollUntil } from "../testHelpers/waitUntil.js";
import type { PtySessionManager } from "./PtySessionManager.js";

const SIZE = { cols: 132, rows: 40 };
const input = (text: string) => new TextEncoder().encode(text);

let manager: PtySessionManager;

afterEach(async () => {
  await manager.dispose();
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function attach(sessionId = newSessionId()) {
  const attachment = new RecordingAttachment();
  const result = manager.attach(sessionId, SIZE, attachment);
  if (!result.ok) throw new Error(result.failure.message);
  return { attachment, ...result.value };
}

describe("PtySessionManager with a spare shell", () => {
  it("hands a new terminal the shell started ahead of need, at the terminal's size", async () => {
    manager = testPtyManager({ keepSpareShell: true });
    const sparePid = manager.sparePid;
    expect(sparePid).not.toBeNull();

    const { session, created, attachment } = attach();
    expect(created).toBe(true);
    expect(session.pid).toBe(sparePid);
    session.write(input("stty size\r"));
    await attachment.waitForText(/\r40 132\r\n/);
  });

  it("starts the next spare after a claim, so every new terminal gets its own shell", async () => {
    manager = testPtyManager({ keepSpareShell: true });
    const first = attach();
    const nextSpare = await pollUntil(() => manager.sparePid ?? undefined, "a new spare");
    expect(nextSpare).not.toBe(first.session.pid);
    const second = attach();
    expect(second.session.pid).toBe(nextSpare);
    second.session.write(input("echo second-$((1+1))\r"));
    await second.attachment.waitForText(/\rsecond-2\r\n/);
    expect(first.attachment.text()).not.toContain("second-2");
  });

  it("ends the spare shell on dispose", async () => {
    manager = testPtyManager({ keepSpareShell: true });
    const sparePid = manager.sparePid as number;
    expect(isAlive(sparePid)).toBe(true);
    await manager.dispose();
    expect(isAlive(sparePid)).toBe(false);
  });

  it("stops restarting a spare whose shell dies at once, and terminals still start on demand", async () => {
    manager = testPtyManager({ keepSpareShell: true, shell: { file: "/bin/false", args: [] } });
    await pollUntil(() => (manager.sparePid === null ? true : undefined), "the spare to give up");
    const { attachment, created } = attach();
    expect(created).toBe(true);
    const exit = await attachment.waitForExit();
    expect(exit.exitCode).toBe(1);
  });
});
