import type { SearchAddon } from "@xterm/addon-search";
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import styles from "./TerminalPage.module.css";

interface TerminalSearchProps {
  addon: SearchAddon;
  onClose: () => void;
}

/** Ctrl+Shift+F: find in the scrollback. Enter for next, Shift+Enter for previous. */
export function TerminalSearch({ addon, onClose }: TerminalSearchProps) {
  const input = useRef<HTMLInputElement>(null);
  const [term, setTerm] = useState("");
  const [found, setFound] = useState(true);

  useEffect(() => {
    input.current?.select();
    return () => addon.clearDecorations();
  }, [addon]);

  function find(direction: "next" | "previous") {
    if (!term) return;
    setFound(direction === "next" ? addon.findNext(term) : addon.findPrevious(term));
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      onClose();
    } else if (event.key === "Enter") {
      event.preventDefault();
      find(event.shiftKey ? "previous" : "next");
    }
  }

  return (
    <search className={styles.search}>
      <input
        ref={input}
        className={styles.searchInput}
        aria-label="Search the terminal"
        placeholder="Search"
        value={term}
        aria-invalid={!found || undefined}
        onChange={(e) => {
          setTerm(e.target.value);
          if (e.target.value) setFound(addon.findNext(e.target.value, { incremental: true }));
          else setFound(true);
        }}
        onKeyDown={onKeyDown}
      />
      {!found && <span className={styles.searchMiss}>No matches</span>}
      <button type="button" className={styles.iconButton} aria-label="Previous match" onClick={() => find("previous")}>
        ↑
      </button>
      <button type="button" className={styles.iconButton} aria-label="Next match" onClick={() => find("next")}>
        ↓
      </button>
      <button type="button" className={styles.iconButton} aria-label="Close search" onClick={onClose}>
        ✕
      </button>
    </search>
  );
}
