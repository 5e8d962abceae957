import { useState } from "react";
import { Navigate, useLocation, useParams } from "react-router";
import { terminalPath } from "../../modules/terminal/terminalUrl";

/** /workspaces/:workspaceId/terminal: mints a session id and puts it in the URL. */
export function NewTerminalSession() {
  const { workspaceId = "" } = useParams();
  const { search } = useLocation();
  const [sessionId] = useState(() => crypto.randomUUID());
  return <Navigate to={terminalPath(workspaceId, sessionId) + search} replace />;
}
