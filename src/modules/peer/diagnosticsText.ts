import { type CandidateInfo, type ConnectionDiagnostics, describeCandidate } from "./connectionDiagnostics";

/**
 * The connection panel's sentences, shared by the terminal page (React) and the app host page
 * (plain DOM): the same facts read the same way wherever a connection is shown.
 */

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** A candidate as "Host (UDP) · 10.0.0.2:5000". */
export function endpointLabel(candidate: CandidateInfo): string {
  const address = candidate.address ? ` · ${candidate.address}${candidate.port ? `:${candidate.port}` : ""}` : "";
  return `${describeCandidate(candidate)}${address}`;
}

export function pathLabel(diagnostics: ConnectionDiagnostics | null, connected: boolean): string {
  if (!connected || !diagnostics?.path) return "Not connected";
  return diagnostics.path === "direct" ? "Direct, peer to peer" : "Relayed through TURN";
}

export function turnLabel(diagnostics: ConnectionDiagnostics | null, iceServerUrls: readonly string[]): string {
  if (diagnostics?.turnServer) return diagnostics.turnServer;
  if (diagnostics?.selected?.remote.type === "relay") return "the workspace's side is relayed";
  return iceServerUrls.some((url) => /^turns?:/.test(url)) ? "offered, not used" : "none configured";
}
