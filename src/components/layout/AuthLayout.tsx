import type { ReactNode } from "react";
import styles from "./AuthLayout.module.css";
import { Logo } from "./Logo";

interface AuthLayoutProps {
  title: string;
  subtitle: ReactNode;
  children: ReactNode;
}

/** A centred card for the pages before a session exists: setup and login. */
export function AuthLayout({ title, subtitle, children }: AuthLayoutProps) {
  return (
    <div className={styles.page}>
      <main className={styles.card}>
        <Logo />
        <div className={styles.heading}>
          <h1 className={styles.title}>{title}</h1>
          <p className={styles.subtitle}>{subtitle}</p>
        </div>
        {children}
      </main>
    </div>
  );
}
