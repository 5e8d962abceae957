import { useEffect, useRef, useState } from "react";
import { Button } from "../Button/Button";
import styles from "./CodeBlock.module.css";

/** How long "Copied" stays on the button: long enough to read, short enough to copy again. */
const COPIED_FEEDBACK_MS = 2000;

interface CodeBlockProps {
  /** Names the block for the copy button, e.g. "setup commands". */
  label: string;
  code: string;
}

/**
 * Preformatted text (commands, manifests) with a copy button. Where the clipboard is not
 * available (plain http to a remote gateway), the text is selected for the user to copy.
 */
export function CodeBlock({ label, code }: CodeBlockProps) {
  const pre = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), COPIED_FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
    } catch {
      if (pre.current) window.getSelection()?.selectAllChildren(pre.current);
    }
  }

  return (
    <figure className={styles.block} aria-label={label}>
      <pre ref={pre} className={styles.code}>
        {code}
      </pre>
      <Button size="sm" className={styles.copy} aria-label={`Copy ${label}`} onClick={copy}>
        {copied ? "Copied" : "Copy"}
      </Button>
      <span className="visually-hidden" aria-live="polite">
        {copied ? `${label} copied` : ""}
      </span>
    </figure>
  );
}
