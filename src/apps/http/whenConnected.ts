import type { PeerConnection } from "../../modules/peer/PeerConnection";

/** What the app runtime uses of a `PeerConnection`. */
export type PeerSource = Pick<PeerConnection, "getSnapshot" | "subscribe" | "onPeer">;

/**
 * Requests and WebSockets wait this long for a connection (the first one, or the next after
 * a drop) before they fail: a reconnect within it is invisible to the app.
 */
export const CONNECTION_WAIT_MS = 30_000;

/** Resolves once `source` is connected; rejects when it failed for good or after `timeoutMs`. */
export function whenConnected(source: PeerSource, timeoutMs = CONNECTION_WAIT_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let unsubscribe = () => {};
    const check = (): boolean => {
      const { state } = source.getSnapshot();
      if (state.kind === "connected") resolve();
      else if (state.kind === "failed") reject(new Error(state.reason.message));
      else return false;
      clearTimeout(timer);
      unsubscribe();
      return true;
    };
    if (check()) return;
    unsubscribe = source.subscribe(() => void check());
    timer = setTimeout(() => {
      unsubscribe();
      reject(new Error("The workspace could not be reached in time."));
    }, timeoutMs);
  });
}
