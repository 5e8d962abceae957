import { type InputHTMLAttributes, type ReactNode, useId } from "react";
import { cx } from "../../utils/cx";
import styles from "./CheckboxField.module.css";

export interface CheckboxFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "type"> {
  label: ReactNode;
  /** Shown under the label, linked with aria-describedby. */
  hint?: ReactNode;
}

export function CheckboxField({ label, hint, id, className, ...rest }: CheckboxFieldProps) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const hintId = `${inputId}-hint`;
  return (
    <div className={cx(styles.field, className)}>
      <input
        id={inputId}
        type="checkbox"
        className={styles.box}
        aria-describedby={hint ? hintId : undefined}
        {...rest}
      />
      <div className={styles.text}>
        <label className={styles.label} htmlFor={inputId}>
          {label}
        </label>
        {hint && (
          <p id={hintId} className={styles.hint}>
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}
