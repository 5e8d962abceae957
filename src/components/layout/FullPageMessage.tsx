import type { ReactNode } from "react";
import styles from "./FullPageMessage.module.css";

/** Centers a spinner or an error in the window, for states before any layout exists. */
export function FullPageMessage({ children }: { children: ReactNode }) {
  return <div className={styles.page}>{children}</div>;
}
