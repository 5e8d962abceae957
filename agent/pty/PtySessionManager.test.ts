import { realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { RecordingAttachment } from "../testHelpers/RecordingAttachment.js";
import { newSessionId, testPtyManager } from "../testHelpers/testPty.js";
import type { PtySessionManager } from "./PtySessionManager.js";

const SIZE = { cols: 80, rows: 24 };
const input = (text: string) => new TextEncoder().encode(text);

let manager: PtySessionManager;

afterEach(async () => {
  await manager.dispose();
});

function attachNew(sessionId = newSessionId()) {
  const attachment = new RecordingAttachment();
  const result = manager.attach(sessionId, SIZE, attachment);
  if (!result.ok) throw new Error(result.failure.message);
  return { attachment, sessionId, ...result.value };
}

describe("PtySessionManager", () => {
  it("runs a shell whose output reaches the attachment", async () => {
    manager = testPtyManager();
    const { attachment, session, created, replay } = attachNew();
    expect(created).toBe(true);
    expect(replay.byteLength).toBe(0);
    session.write(input("echo $((6*7))\r"));
    await attachment.waitForText(/\r42\r\n/);
  });

  it("starts the shell in the workspace directory with a browser-friendly terminal", async () => {
    manager = testPtyManager({ workspaceDir: tmpdir() });
    const { attachment, session } = attachNew();
    session.write(input('echo "dir=$(pwd -P) term=$TERM/$COLORTERM"\r'));
    const [, dir, term] = await attachment.waitForText(/\rdir=(\/.*) term=(.*)\r\n/);
    expect(dir).toBe(realpathSync(tmpdir()));
    expect(term).toBe("xterm-256color/truecolor");
  });

  it("keeps the agent token out of the shell's environment", async () => {
    manager = testPtyManager({ env: { ...process.env, GANGWAY_AGENT_TOKEN: "do-not-leak" } });
    const { attachment, session } = attachNew();
    session.write(input("printenv GANGWAY_AGENT_TOKEN || echo no-$((1))-token\r"));
    await attachment.waitForText(/\rno-1-token\r\n/);
    expect(attachment.text()).not.toContain("do-not-leak");
  });

  it("replays earlier output on re-attach, and the shell keeps its state", async () => {
    manager = testPtyManager();
    const first = attachNew();
    first.session.write(input("GREETING=hello-$((40+2)); echo set-$GREETING\r"));
    await first.attachment.waitForText(/set-hello-42/);
    first.session.detach(first.attachment);

    const second = new RecordingAttachment();
    const again = manager.attach(first.sessionId, SIZE, second);
    if (!again.ok) throw new Error(again.failure.message);
    expect(again.value.created).toBe(false);
    expect(again.value.session).toBe(first.session);
    expect(Buffer.from(again.value.replay).toString()).toContain("set-hello-42");

    again.value.session.write(input("echo again-$GREETING\r"));
    await second.waitForText(/again-hello-42/);
  });

  it("replays exactly what was sent before the attach, then only newer output", async () => {
    manager = testPtyManager();
    const first = attachNew();
    first.session.write(input("echo one-$((1))\r"));
    await first.attachment.waitForText(/one-1\r\n/);
    const second = new RecordingAttachment();
    const again = manager.attach(first.sessionId, SIZE, second);
    if (!again.ok) throw new Error(again.failure.message);
    first.session.write(input("echo two-$((2))\r"));
    await second.waitForText(/two-2\r\n/);
    await first.attachment.waitForText(/two-2\r\n/);
    expect(Buffer.from(again.value.replay).toString() + second.text()).toBe(first.attachment.text());
  });

  it("sends output to every attachment", async () => {
    manager = testPtyManager();
    const first = attachNew();
    const second = new RecordingAttachment();
    manager.attach(first.sessionId, SIZE, second);
    first.session.write(input("echo both-$((3*3))\r"));
    await first.attachment.waitForText(/both-9/);
    await second.waitForText(/both-9/);
  });

  it("resizes the terminal", async () => {
    manager = testPtyManager();
    const { attachment, session } = attachNew();
    session.resize(100, 40);
    session.write(input("stty size\r"));
    await attachment.waitForText(/\r40 100\r\n/);
  });

  it("resizes an existing session to the size of the newest attachment", async () => {
    manager = testPtyManager();
    const first = attachNew();
    const second = new RecordingAttachment();
    manager.attach(first.sessionId, { cols: 120, rows: 30 }, second);
    first.session.write(input("stty size\r"));
    await second.waitForText(/\r30 120\r\n/);
  });

  it("reaps a session that stayed unattached for the idle timeout", async () => {
    manager = testPtyManager({ idleTimeoutMs: 50 });
    const { attachment, session, sessionId } = attachNew();
    session.detach(attachment);
    await session.exited;
    expect(manager.get(sessionId)).toBeUndefined();
    expect(() => process.kill(session.pid, 0)).toThrow();
  });

  it("does not reap a session that was re-attached in time", async () => {
    manager = testPtyManager({ idleTimeoutMs: 100 });
    const first = attachNew();
    first.session.detach(first.attachment);
    const second = new RecordingAttachment();
    manager.attach(first.sessionId, SIZE, second);
    first.session.write(input("sleep 0.3; echo alive-$((5+5))\r"));
    await second.waitForText(/alive-10/);
    expect(first.session.hasExited).toBe(false);
  });

  it("terminates a session and tells every attachment", async () => {
    manager = testPtyManager();
    const first = attachNew();
    const second = new RecordingAttachment();
    manager.attach(first.sessionId, SIZE, second);
    first.session.terminate();
    const status = await first.attachment.waitForExit();
    expect(status.signal).not.toBeNull();
    expect(await second.waitForExit()).toEqual(status);
    expect(manager.size).toBe(0);
  });

  it("removes a session whose shell exits, and a new attach starts a fresh shell", async () => {
    manager = testPtyManager();
    const first = attachNew();
    first.session.write(input("exit 3\r"));
    expect(await first.attachment.waitForExit()).toEqual({ exitCode: 3, signal: null });
    expect(manager.get(first.sessionId)).toBeUndefined();
    const again = attachNew(first.sessionId);
    expect(again.created).toBe(true);
    expect(again.session).not.toBe(first.session);
  });

  it("pauses the shell while an attachment is congested, and resumes once it drained", async () => {
    manager = testPtyManager();
    const { attachment, session } = attachNew();
    session.write(input("echo ready-$((1))\r"));
    await attachment.waitForText(/ready-1/);
    attachment.congested = true;
    const seen = attachment.text().length;
    session.write(input("echo after-$((2))\r"));
    await attachment.waitForLength(seen + 1);
    expect(session.isPaused).toBe(true);
    attachment.congested = false;
    session.refreshFlow();
    expect(session.isPaused).toBe(false);
    await attachment.waitForText(/after-2/);
  });

  it("kills every shell on dispose", async () => {
    manager = testPtyManager();
    const sessions = [attachNew().session, attachNew().session];
    await manager.dispose();
    for (const session of sessions) expect(session.hasExited).toBe(true);
    expect(manager.attach(newSessionId(), SIZE, new RecordingAttachment()).ok).toBe(false);
  });

  it("limits the number of sessions", () => {
    manager = testPtyManager({ maxSessions: 1 });
    attachNew();
    const refused = manager.attach(newSessionId(), SIZE, new RecordingAttachment());
    expect(refused).toMatchObject({ ok: false, failure: { code: "RATE_LIMITED" } });
  });

  it("ends a session whose shell cannot start, showing why", async () => {
    manager = testPtyManager({ shell: { file: "/nonexistent/gangway-shell", args: [] } });
    const { attachment } = attachNew();
    expect(await attachment.waitForExit()).toEqual({ exitCode: 1, signal: null });
    expect(attachment.text()).toContain("No such file or directory");
    expect(manager.size).toBe(0);
  });
});
