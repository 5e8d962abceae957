import { type TextareaHTMLAttributes, useId } from "react";
import { cx } from "../../utils/cx";
import fieldStyles from "../TextField/TextField.module.css";
import styles from "./TextAreaField.module.css";

export interface TextAreaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  /** Shown under the field, linked with aria-describedby, until there is an error. */
  hint?: string;
  error?: string | null;
  /** Monospace, for certificates, keys and tokens. */
  code?: boolean;
}

/** A multi-line TextField: same label, hint and error, e.g. for a pasted PEM certificate. */
export function TextAreaField({ label, hint, error, code = false, id, className, ...rest }: TextAreaFieldProps) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const noteId = `${inputId}-note`;
  const note = error || hint;
  return (
    <div className={cx(fieldStyles.field, className)}>
      <label className={fieldStyles.label} htmlFor={inputId}>
        {label}
      </label>
      <textarea
        id={inputId}
        className={cx(fieldStyles.input, styles.textarea, code && styles.code, error && fieldStyles.invalid)}
        aria-invalid={error ? true : undefined}
        aria-describedby={note ? noteId : undefined}
        spellCheck={code ? false : undefined}
        {...rest}
      />
      {note && (
        <p id={noteId} className={error ? fieldStyles.error : fieldStyles.hint}>
          {note}
        </p>
      )}
    </div>
  );
}
