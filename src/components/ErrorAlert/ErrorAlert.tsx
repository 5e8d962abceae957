import type { ReactNode } from "react";
import type { ErrorCode } from "../../../protocol/errors.js";
import { describeError } from "../../api/errors";
import { cx } from "../../utils/cx";
import styles from "./ErrorAlert.module.css";

interface ErrorAlertProps {
  error: unknown;
  /** Context-specific wording for some codes, e.g. CONFLICT on a create form. */
  messages?: Partial<Record<ErrorCode, string>>;
  action?: ReactNode;
  /** Replaces the server's detail sentence, e.g. with a list built from the error body. */
  detail?: ReactNode;
  className?: string;
}

/** A human sentence plus the protocol code, so users can read it and operators can grep it. */
export function ErrorAlert({ error, messages, action, detail: customDetail, className }: ErrorAlertProps) {
  const { sentence, code, detail } = describeError(error, messages);
  return (
    <div className={cx(styles.alert, className)} role="alert">
      <svg className={styles.icon} viewBox="0 0 16 16" width="16" height="16" aria-hidden>
        <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M8 4.5v4.25M8 11.25v.25" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
      <div className={styles.body}>
        <p className={styles.sentence}>{sentence}</p>
        {customDetail ? (
          <div className={styles.detail}>{customDetail}</div>
        ) : (
          detail && <p className={styles.detail}>{detail}</p>
        )}
        {code && (
          <code className={styles.code} data-testid="error-code">
            {code}
          </code>
        )}
      </div>
      {action}
    </div>
  );
}
