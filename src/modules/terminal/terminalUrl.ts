/** Where a terminal session lives; the session id in the URL is what lets a reload re-attach. */
export function terminalPath(workspaceId: string, sessionId: string): string {
  return `/workspaces/${encodeURIComponent(workspaceId)}/terminal/${encodeURIComponent(sessionId)}`;
}

/**
 * Opens a fresh terminal session in a new tab. `noopener` keeps the terminal tab from
 * reaching back into the dashboard's window.
 */
export function openTerminal(workspaceId: string): void {
  window.open(terminalPath(workspaceId, crypto.randomUUID()), "_blank", "noopener");
}
