import type { ConnectionDescription } from "../../modules/peer/describeConnection";
import { cx } from "../../utils/cx";
import styles from "./TerminalPage.module.css";

/**
 * The connection state for people and for tests: `data-state` is connecting | connected |
 * reconnecting | failed, `data-path` is direct | relay once known, `data-code` the protocol
 * error code behind a reconnect or failure.
 */
export function ConnectionBadge({ connection }: { connection: ConnectionDescription }) {
  return (
    <span
      className={cx(styles.badge, styles[connection.state])}
      data-testid="connection-state"
      data-state={connection.state}
      data-path={connection.path ?? undefined}
      data-code={connection.code ?? undefined}
      title={connection.detail ?? undefined}
      role="status"
    >
      <span className={styles.badgeDot} aria-hidden />
      {connection.label}
    </span>
  );
}
