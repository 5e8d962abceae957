import { FitAddon } from "@xterm/addon-fit";
import { SearchAddon } from "@xterm/addon-search";
import { WebLinksAddon } from "@xterm/addon-web-links";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import { useEffect, useEffectEvent, useRef, useState } from "react";
import { rememberTerminalSize } from "../../modules/terminal/earlyPty";
import type { PtyStreamHandlers, PtyTransport } from "../../modules/terminal/PtyTransport";
import { terminalShortcut } from "../../modules/terminal/shortcuts";
import { terminalOptions } from "../../modules/terminal/xtermTheme";
import styles from "./TerminalPage.module.css";
import { TerminalSearch } from "./TerminalSearch";

/**
 * Coalesces resize bursts (dragging a window edge fires dozens of observer callbacks) into
 * one fit and one resize message; 80 ms still feels immediate.
 */
const RESIZE_DEBOUNCE_MS = 80;

interface TerminalViewProps {
  transport: PtyTransport;
  onExit: PtyStreamHandlers["onExit"];
  onError: PtyStreamHandlers["onError"];
  searchOpen: boolean;
  onSearchOpenChange: (open: boolean) => void;
}

/** xterm.js bound to one PtyTransport: output in, keystrokes and size out. */
export function TerminalView({ transport, onExit, onError, searchOpen, onSearchOpenChange }: TerminalViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const [search, setSearch] = useState<{ addon: SearchAddon; terminal: Terminal } | null>(null);
  const handleExit = useEffectEvent(onExit);
  const handleError = useEffectEvent(onError);
  const openSearch = useEffectEvent(() => onSearchOpenChange(true));

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const terminal = new Terminal(terminalOptions);
    const fit = new FitAddon();
    const searchAddon = new SearchAddon();
    terminal.loadAddon(fit);
    terminal.loadAddon(searchAddon);
    terminal.loadAddon(new WebLinksAddon());
    terminal.open(element);
    fit.fit();
    rememberTerminalSize({ cols: terminal.cols, rows: terminal.rows });

    const encoder = new TextEncoder();
    const stream = transport.connect(
      { cols: terminal.cols, rows: terminal.rows },
      {
        onReset: () => terminal.reset(),
        onOutput: (bytes) => terminal.write(bytes),
        onExit: (status) => handleExit(status),
        onError: (code, message) => handleError(code, message),
      },
    );
    const onData = terminal.onData((data) => stream.write(encoder.encode(data)));
    // Some mouse-report modes hand over raw bytes as a binary string, one char per byte.
    const onBinary = terminal.onBinary((data) => stream.write(Uint8Array.from(data, (c) => c.charCodeAt(0))));
    const onResize = terminal.onResize((size) => {
      stream.resize(size);
      rememberTerminalSize(size);
    });

    terminal.attachCustomKeyEventHandler((event) => {
      const shortcut = terminalShortcut(event);
      if (!shortcut) return true;
      if (event.type !== "keydown") return false;
      if (shortcut === "copy") {
        event.preventDefault();
        if (terminal.hasSelection()) navigator.clipboard?.writeText(terminal.getSelection()).catch(() => undefined);
      } else if (shortcut === "paste" && navigator.clipboard?.readText) {
        event.preventDefault();
        navigator.clipboard.readText().then(
          (text) => terminal.paste(text),
          () => undefined,
        );
      } else if (shortcut === "search") {
        event.preventDefault();
        openSearch();
      }
      // Without the clipboard API, Ctrl+Shift+V falls through to the browser's own paste.
      return false;
    });

    let resizeTimer: ReturnType<typeof setTimeout> | undefined;
    const observer = new ResizeObserver(() => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => fit.fit(), RESIZE_DEBOUNCE_MS);
    });
    observer.observe(element);
    setSearch({ addon: searchAddon, terminal });
    terminal.focus();

    return () => {
      clearTimeout(resizeTimer);
      observer.disconnect();
      onData.dispose();
      onBinary.dispose();
      onResize.dispose();
      stream.close();
      terminal.dispose();
      setSearch(null);
    };
  }, [transport]);

  return (
    <div className={styles.terminalArea}>
      <div ref={container} className={styles.terminal} data-testid="terminal" />
      {searchOpen && search && (
        <TerminalSearch
          addon={search.addon}
          onClose={() => {
            onSearchOpenChange(false);
            search.terminal.focus();
          }}
        />
      )}
    </div>
  );
}
