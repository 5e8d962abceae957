import type { ConnectionDescription } from "../../modules/peer/describeConnection";
import styles from "./TerminalPage.module.css";

interface ConnectionBannerProps {
  connection: ConnectionDescription;
  onRetry: () => void;
}

/** Says why the terminal is not live, and offers to try now instead of waiting. */
export function ConnectionBanner({ connection, onRetry }: ConnectionBannerProps) {
  if (connection.state !== "reconnecting" && connection.state !== "failed") return null;
  const failed = connection.state === "failed";
  return (
    <div className={failed ? styles.bannerFailed : styles.banner} role="alert" data-testid="connection-banner">
      <span>
        {failed && <strong>Not connected. </strong>}
        {connection.detail}
        {failed && (connection.retrying ? " Still trying in the background." : " Gangway stopped trying.")}
      </span>
      {connection.code && <code className={styles.bannerCode}>{connection.code}</code>}
      <button type="button" className={styles.bannerButton} onClick={onRetry}>
        {failed && !connection.retrying ? "Retry" : "Retry now"}
      </button>
    </div>
  );
}
