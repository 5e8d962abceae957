import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { PtyLabel } from "../../../protocol/streams.js";
import { workspace as workspaceQuery } from "../../api/queries/workspaces";
import { usePageTitle } from "../../hooks/usePageTitle";
import { terminalPath } from "../../modules/terminal/terminalUrl";
import { RelayTerminal } from "./RelayTerminal";
import styles from "./TerminalPage.module.css";
import { WebRtcTerminal } from "./WebRtcTerminal";

/** `npm run dev:mock` has no gateway and no agent, so there is nothing to connect to. */
const IS_MOCK = import.meta.env.MODE === "mock";

/**
 * /workspaces/:workspaceId/terminal/:sessionId. The session id in the URL is the terminal:
 * a reload or a second tab with the same URL attaches to the same shell.
 * `?transport=relay` selects the bench reference path.
 */
export function TerminalPage() {
  const { workspaceId = "", sessionId = "" } = useParams();
  const [searchParams] = useSearchParams();
  const workspace = useQuery(workspaceQuery(workspaceId));
  const workspaceName = workspace.data?.name ?? null;
  usePageTitle(`${workspaceName ?? "Workspace"} — Terminal`, { exact: true });

  if (IS_MOCK) {
    return (
      <Notice title="Terminals need a real gateway">
        The mock server behind <code>npm run dev:mock</code> has no workspace agent to connect to. Start the gateway (
        <code>npm run dev:server</code>) and use <code>npm run dev</code> to open terminals.
      </Notice>
    );
  }
  if (!PtyLabel.shape.session.safeParse(sessionId).success) {
    return (
      <Notice title="This is not a terminal session address">
        Session ids are UUIDs. <Link to={terminalPath(workspaceId, crypto.randomUUID())}>Open a new session</Link>.
      </Notice>
    );
  }
  const props = { workspaceId, workspaceName, sessionId };
  return searchParams.get("transport") === "relay" ? (
    <RelayTerminal key={sessionId} {...props} />
  ) : (
    <WebRtcTerminal {...props} />
  );
}

function Notice({ title, children }: { title: string; children: ReactNode }) {
  const { workspaceId = "" } = useParams();
  return (
    <div className={styles.notice} data-testid="terminal-notice">
      <h1>{title}</h1>
      <p>{children}</p>
      <Link to={`/workspaces/${workspaceId}`}>← Back to the workspace</Link>
    </div>
  );
}
