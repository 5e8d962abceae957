import type { ITerminalOptions, ITheme } from "@xterm/xterm";

/**
 * A dark palette tuned for contrast on the terminal background: every normal colour is
 * readable as text, bright variants stay distinct from them, and blue is light enough for
 * `ls` directories. 256 colours and truecolor come from xterm itself.
 */
export const terminalTheme: ITheme = {
  background: "#0e1116",
  foreground: "#d6dbe3",
  cursor: "#f0f3f7",
  cursorAccent: "#0e1116",
  selectionBackground: "#35507e",
  selectionForeground: "#ffffff",
  selectionInactiveBackground: "#2a3a57",
  scrollbarSliderBackground: "rgba(214, 219, 227, 0.16)",
  scrollbarSliderHoverBackground: "rgba(214, 219, 227, 0.28)",
  scrollbarSliderActiveBackground: "rgba(214, 219, 227, 0.4)",
  black: "#1c2128",
  red: "#ec6a6f",
  green: "#8fcf6f",
  yellow: "#e9c46a",
  blue: "#6aa8f7",
  magenta: "#c891f0",
  cyan: "#56c2cf",
  white: "#c9d1d9",
  brightBlack: "#6e7681",
  brightRed: "#ff8f92",
  brightGreen: "#b2e58f",
  brightYellow: "#f5d88f",
  brightBlue: "#97c3ff",
  brightMagenta: "#dcb3ff",
  brightCyan: "#86dbe4",
  brightWhite: "#f4f6f9",
};

export const terminalFontFamily =
  '"JetBrains Mono", "Cascadia Mono", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", "Noto Sans Mono", monospace';

/**
 * Scrollback lines kept in the browser. The agent's replay buffer (≥ 1 MiB) rebuilds the
 * screen after a reconnect; 10,000 lines keeps a long build log scrollable without xterm's
 * memory growing past a few tens of MB.
 */
export const TERMINAL_SCROLLBACK_LINES = 10_000;

export const terminalOptions: ITerminalOptions = {
  theme: terminalTheme,
  fontFamily: terminalFontFamily,
  fontSize: 14,
  lineHeight: 1.15,
  cursorBlink: true,
  cursorStyle: "block",
  scrollback: TERMINAL_SCROLLBACK_LINES,
  allowProposedApi: false,
  macOptionIsMeta: true,
  rightClickSelectsWord: true,
  minimumContrastRatio: 1,
};
