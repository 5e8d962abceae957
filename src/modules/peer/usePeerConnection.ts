import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { INITIAL_PEER_SNAPSHOT, PeerConnection } from "./PeerConnection";
import { adoptPreconnected } from "./preconnect";
import { signalingUrl } from "./SignalingSocket";

const subscribeNowhere = () => () => undefined;
const initialSnapshot = () => INITIAL_PEER_SNAPSHOT;

/** Owns a PeerConnection to one workspace for as long as the component is mounted. */
export function usePeerConnection(workspaceId: string) {
  const [peer, setPeer] = useState<PeerConnection | null>(null);

  useEffect(() => {
    const connection = adoptPreconnected(workspaceId) ?? new PeerConnection({ signalUrl: signalingUrl(workspaceId) });
    connection.start();
    setPeer(connection);
    return () => connection.dispose();
  }, [workspaceId]);

  const snapshot = useSyncExternalStore(peer?.subscribe ?? subscribeNowhere, peer?.getSnapshot ?? initialSnapshot);
  const retry = useCallback(() => peer?.retry(), [peer]);
  return { peer, snapshot, retry };
}
