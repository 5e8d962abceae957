import { useEffect, useRef } from "react";
import type { ErrorCode } from "../../../protocol/errors.js";
import { errorSentence } from "../../api/errors";
import type { PtyExitStatus } from "../../modules/terminal/PtyTransport";
import styles from "./TerminalPage.module.css";

export type SessionEnd = { kind: "exit"; status: PtyExitStatus } | { kind: "error"; code: ErrorCode; message: string };

function describeExit({ exitCode, signal }: PtyExitStatus): string {
  if (signal !== null) return `Shell exited (signal ${signal})`;
  return `Shell exited (code ${exitCode ?? "unknown"})`;
}

/** Shown over the terminal once its session is over: the output stays readable behind it. */
export function SessionEnded({ end, onNewSession }: { end: SessionEnd; onNewSession: () => void }) {
  const button = useRef<HTMLButtonElement>(null);
  // The terminal that had the focus is dead; its only way forward is this button.
  useEffect(() => button.current?.focus(), []);
  return (
    <div className={styles.ended} data-testid="session-ended" role="status">
      <p className={styles.endedTitle}>{end.kind === "exit" ? describeExit(end.status) : errorSentence(end.code)}</p>
      {end.kind === "error" && <code className={styles.bannerCode}>{end.code}</code>}
      <button ref={button} type="button" className={styles.primaryButton} onClick={onNewSession}>
        Start a new session
      </button>
    </div>
  );
}
