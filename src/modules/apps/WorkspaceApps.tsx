import { useMutation, useQuery } from "@tanstack/react-query";
import type { Workspace, WorkspaceApp } from "../../../protocol/rest.js";
import { workspaceApps } from "../../api/queries/apps";
import { Button } from "../../components/Button/Button";
import card from "../../components/Card/Card.module.css";
import { ErrorAlert } from "../../components/ErrorAlert/ErrorAlert";
import { Skeleton } from "../../components/Skeleton/Skeleton";
import { cx } from "../../utils/cx";
import { openApp } from "./openApp";
import styles from "./WorkspaceApps.module.css";

/** Longest DNS label; longer app hostnames work on *.localhost but not behind real DNS. */
const MAX_DNS_LABEL = 63;

/**
 * The workspace's apps: code-server and every port a process listens on, each with an Open
 * button that opens it in a new tab on its own origin (docs/adr/0007-app-origins.md).
 */
export function WorkspaceApps({ workspace }: { workspace: Workspace }) {
  const ready = workspace.status === "running" && workspace.agent.connection === "connected";
  const query = useQuery(workspaceApps(workspace.id, ready));
  const open = useMutation({ mutationFn: (slug: string) => openApp(workspace.id, slug) });

  return (
    <section className={cx(card.card, styles.card)} aria-labelledby="apps-heading">
      <h2 id="apps-heading" className={card.title}>
        Apps
      </h2>
      {!ready ? (
        <p className={styles.hint}>
          {workspace.status === "running"
            ? "Waiting for the agent to connect…"
            : "Start the workspace to open code-server and the web apps it runs."}
        </p>
      ) : query.error ? (
        <ErrorAlert
          error={query.error}
          action={
            <Button size="sm" onClick={() => query.refetch()}>
              Retry
            </Button>
          }
        />
      ) : !query.data ? (
        <div className={styles.list} aria-busy>
          <Skeleton height={40} />
          <Skeleton height={40} />
        </div>
      ) : (
        <>
          {open.error !== null && (
            <ErrorAlert
              className={styles.alert}
              error={open.error}
              action={
                <Button size="sm" variant="ghost" onClick={() => open.reset()}>
                  Dismiss
                </Button>
              }
            />
          )}
          <ul className={styles.list}>
            {query.data.apps.map((app) => (
              <AppRow
                key={app.slug}
                app={app}
                opening={open.isPending && open.variables === app.slug}
                onOpen={() => open.mutate(app.slug)}
              />
            ))}
          </ul>
          {query.data.apps.every((app) => app.kind !== "port") && (
            <p className={styles.hint}>
              {query.data.reason ??
                "Web servers you start in the workspace appear here, for example python3 -m http.server 8000."}
            </p>
          )}
        </>
      )}
    </section>
  );
}

function AppRow({ app, opening, onOpen }: { app: WorkspaceApp; opening: boolean; onOpen: () => void }) {
  const hostLabel = new URL(app.origin).hostname.split(".")[0] ?? "";
  const detail =
    app.kind === "code-server"
      ? "VS Code in the browser"
      : app.process
        ? `Port ${app.port} · ${app.process}`
        : `Port ${app.port}`;
  return (
    <li className={styles.row} data-testid={`app-${app.slug}`}>
      <span className={styles.icon} aria-hidden>
        {app.kind === "code-server" ? "{ }" : ":"}
      </span>
      <span className={styles.name}>
        <span className={styles.appTitle}>{app.title}</span>
        <span className={styles.detail}>{detail}</span>
        {hostLabel.length > MAX_DNS_LABEL && (
          <span className={styles.warning}>
            Its hostname is longer than 63 characters: it opens here on localhost, but not through real DNS.
          </span>
        )}
      </span>
      <Button size="sm" variant="primary" loading={opening} aria-label={`Open ${app.title}`} onClick={onOpen}>
        Open
      </Button>
    </li>
  );
}
