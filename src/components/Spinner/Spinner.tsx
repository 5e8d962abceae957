import { cx } from "../../utils/cx";
import styles from "./Spinner.module.css";

interface SpinnerProps {
  /** Announced to screen readers; omit when the surrounding text already says it. */
  label?: string;
  size?: "sm" | "md" | "lg";
}

export function Spinner({ label, size = "md" }: SpinnerProps) {
  const className = cx(styles.spinner, styles[size]);
  return label ? (
    <span className={className} role="status" aria-label={label} />
  ) : (
    <span className={className} aria-hidden />
  );
}
