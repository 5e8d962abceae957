import { cx } from "../../utils/cx";
import styles from "./StatusBadge.module.css";

export type StatusTone = "success" | "warning" | "danger" | "neutral" | "info";

interface StatusBadgeProps {
  tone: StatusTone;
  label: string;
  /** A pulsing dot for states that are still changing. */
  pulse?: boolean;
  /** Plain text with a dot, for dense table cells. */
  variant?: "pill" | "dot";
  title?: string;
}

export function StatusBadge({ tone, label, pulse = false, variant = "pill", title }: StatusBadgeProps) {
  return (
    <span className={cx(styles.badge, styles[variant], styles[tone])} title={title}>
      <span className={cx(styles.dot, pulse && styles.pulse)} aria-hidden />
      {label}
    </span>
  );
}
