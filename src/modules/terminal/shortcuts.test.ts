import { describe, expect, it } from "vitest";
import { terminalShortcut } from "./shortcuts";

const key = (code: string, mods: Partial<Record<"ctrlKey" | "shiftKey" | "altKey" | "metaKey", boolean>>) => ({
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  metaKey: false,
  code,
  ...mods,
});

describe("terminalShortcut", () => {
  it("maps Ctrl+Shift+C/V/F", () => {
    expect(terminalShortcut(key("KeyC", { ctrlKey: true, shiftKey: true }))).toBe("copy");
    expect(terminalShortcut(key("KeyV", { ctrlKey: true, shiftKey: true }))).toBe("paste");
    expect(terminalShortcut(key("KeyF", { ctrlKey: true, shiftKey: true }))).toBe("search");
  });

  it("leaves Ctrl+C, Ctrl+V and other chords to the shell", () => {
    expect(terminalShortcut(key("KeyC", { ctrlKey: true }))).toBeNull();
    expect(terminalShortcut(key("KeyV", { ctrlKey: true }))).toBeNull();
    expect(terminalShortcut(key("KeyC", { ctrlKey: true, shiftKey: true, altKey: true }))).toBeNull();
    expect(terminalShortcut(key("KeyX", { ctrlKey: true, shiftKey: true }))).toBeNull();
  });
});
