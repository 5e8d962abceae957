import type { ProviderDetails } from "../../../protocol/rest.js";
import table from "../../components/DataTable/DataTable.module.css";
import { Skeleton } from "../../components/Skeleton/Skeleton";
import { StatusBadge } from "../../components/StatusBadge/StatusBadge";
import { ProviderStatusBadge, providerKindLabel } from "../../modules/providers/ProviderStatusBadge";
import { cx } from "../../utils/cx";
import { formatDateTime, relativeTime } from "../../utils/time";
import { ProviderActions } from "./ProviderActions";
import styles from "./ProvidersTable.module.css";

interface ProvidersTableProps {
  /** Undefined while loading: skeleton rows keep the layout from jumping. */
  providers: ProviderDetails[] | undefined;
  onActionError: (error: unknown) => void;
}

const SKELETON_ROWS = 3;
/** Each column's placeholder width, keyed by column. */
const SKELETON_WIDTHS = { provider: 160, region: 90, status: 160, workspaces: 30 };

/** What it is and where its workspaces go: "Kubernetes · namespace x" over the cluster's address. */
function kindAndAddress(provider: ProviderDetails): { kind: string; address: string | null } {
  const kind = providerKindLabel(provider.kind);
  if (provider.kind === "kubernetes") {
    const { apiServer, namespace } = provider.settings;
    return { kind: `${kind} · namespace ${namespace}`, address: new URL(apiServer).host };
  }
  if (provider.kind === "docker") {
    const { endpoint } = provider.settings;
    return { kind, address: endpoint.type === "socket" ? endpoint.socketPath : `${endpoint.host}:${endpoint.port}` };
  }
  return { kind, address: null };
}

export function ProvidersTable({ providers, onActionError }: ProvidersTableProps) {
  return (
    <div className={table.frame}>
      <table className={`${table.table} ${styles.topAligned}`} aria-busy={providers === undefined || undefined}>
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col">Region</th>
            <th scope="col">Status</th>
            <th scope="col" className={styles.count}>
              Workspaces
            </th>
            <th scope="col" className={table.actionsHeader}>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {providers === undefined
            ? Array.from({ length: SKELETON_ROWS }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
                <tr key={i}>
                  {Object.entries(SKELETON_WIDTHS).map(([column, width]) => (
                    <td key={column}>
                      <Skeleton width={width} />
                    </td>
                  ))}
                  <td />
                </tr>
              ))
            : providers.map((provider) => (
                <tr key={provider.id} data-testid={`provider-row-${provider.name}`}>
                  <td>
                    <span className={styles.name}>{provider.name}</span>
                    <ProviderWhere provider={provider} />
                  </td>
                  <td>
                    <span className={styles.muted}>{provider.region}</span>
                    <ProviderTurnServers provider={provider} />
                  </td>
                  <td className={styles.status}>
                    <span className={styles.badges}>
                      <ProviderStatusBadge status={provider.status} />
                      {provider.cordoned && <StatusBadge tone="warning" label="Cordoned" />}
                    </span>
                    {provider.statusMessage && (
                      <span className={provider.status === "error" ? styles.failure : styles.sub}>
                        {provider.statusMessage}
                      </span>
                    )}
                    {provider.cordoned && (
                      <span className={styles.sub}>
                        No new workspaces{provider.cordonReason && `: ${provider.cordonReason}`}
                      </span>
                    )}
                    {provider.lastCheckedAt && (
                      <span className={styles.sub} title={formatDateTime(provider.lastCheckedAt)}>
                        checked {relativeTime(provider.lastCheckedAt)}
                      </span>
                    )}
                  </td>
                  <td className={styles.count} data-testid="workspace-count">
                    {provider.workspaceCount}
                  </td>
                  <td>
                    <ProviderActions provider={provider} onError={onActionError} />
                  </td>
                </tr>
              ))}
        </tbody>
      </table>
    </div>
  );
}

function ProviderWhere({ provider }: { provider: ProviderDetails }) {
  const { kind, address } = kindAndAddress(provider);
  return (
    <>
      <span className={cx(styles.sub, styles.location)}>{kind}</span>
      {address && (
        <span className={cx(styles.sub, styles.location)} title={address}>
          {address}
        </span>
      )}
    </>
  );
}

/** The provider's own TURN servers under its region, one a line; nothing when it names none. */
function ProviderTurnServers({ provider }: { provider: ProviderDetails }) {
  // The gateway offers a URL named twice once; so is it listed.
  const urls = [...new Set(provider.turnUrls ?? [])];
  if (urls.length === 0) return null;
  return (
    <ul className={styles.turnServers} aria-label={`TURN servers of ${provider.name}`}>
      {urls.map((url) => (
        <li key={url} className={cx(styles.sub, styles.turnUrl)}>
          {url}
        </li>
      ))}
    </ul>
  );
}
