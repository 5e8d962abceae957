import { useEffect, useState } from "react";
import { type ConnectionDiagnostics, connectionDiagnostics } from "./connectionDiagnostics";
import type { PeerHost } from "./PeerConnection";

/** How often the open panel re-reads getStats(): live enough for bytes and RTT, cheap. */
export const DIAGNOSTICS_INTERVAL_MS = 1000;

/**
 * The current peer connection's path, candidates, RTT and bytes while `enabled` (the panel is
 * open). Follows reconnects: a new RTCPeerConnection is read from then on. Keeps the last
 * reading when the connection goes away, so a failure can still be explained.
 */
export function useConnectionDiagnostics(host: PeerHost | null, enabled: boolean): ConnectionDiagnostics | null {
  const [diagnostics, setDiagnostics] = useState<ConnectionDiagnostics | null>(null);

  useEffect(() => {
    if (!host || !enabled) return;
    let peer: RTCPeerConnection | null = null;
    let cancelled = false;
    const read = async () => {
      const current = peer;
      if (!current) return;
      try {
        const report = await current.getStats();
        if (!cancelled && current === peer) setDiagnostics(connectionDiagnostics(report));
      } catch {
        // A closed connection has no stats; the last reading stays on screen.
      }
    };
    const unsubscribe = host.onPeer((next) => {
      peer = next;
      void read();
    });
    const timer = setInterval(() => void read(), DIAGNOSTICS_INTERVAL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
      unsubscribe();
    };
  }, [host, enabled]);

  return diagnostics;
}
