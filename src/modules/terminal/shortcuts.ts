export type TerminalShortcut = "copy" | "paste" | "search";

type KeyLike = Pick<KeyboardEvent, "ctrlKey" | "shiftKey" | "altKey" | "metaKey" | "code">;

/**
 * Ctrl+Shift+C/V/F, as in desktop terminals: plain Ctrl+C must stay SIGINT and Ctrl+V a
 * literal-next for the shell. Matched on `code` so keyboard layouts do not matter.
 */
export function terminalShortcut(event: KeyLike): TerminalShortcut | null {
  if (!event.ctrlKey || !event.shiftKey || event.altKey || event.metaKey) return null;
  switch (event.code) {
    case "KeyC":
      return "copy";
    case "KeyV":
      return "paste";
    case "KeyF":
      return "search";
    default:
      return null;
  }
}
