import styles from "./Logo.module.css";

/** The product mark and name. */
export function Logo({ inverted = false }: { inverted?: boolean }) {
  return (
    <span className={inverted ? `${styles.logo} ${styles.inverted}` : styles.logo}>
      <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden>
        <rect width="24" height="24" rx="6" fill="var(--accent-500)" />
        <path d="M5 16.5h4.5L15 8.5h4" fill="none" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
        <path d="M5 19h14" stroke="#fff" strokeOpacity=".55" strokeWidth="2" strokeLinecap="round" />
      </svg>
      Gangway
    </span>
  );
}
