import type { ErrorCode } from "../../../protocol/errors.js";
import type { ConnectionPath } from "./connectionPath";
import type { PeerState } from "./PeerConnection";

export type TransportKind = "webrtc" | "relay";

/** What the connection badge shows, and the stable attributes tests read. */
export interface ConnectionDescription {
  state: "connecting" | "connected" | "reconnecting" | "failed";
  path: ConnectionPath | null;
  label: string;
  /** Why it is not connected, as a sentence. */
  detail: string | null;
  code: ErrorCode | null;
  /** Failed, yet still trying in the background (no network path may appear later). */
  retrying: boolean;
}

function seconds(ms: number): string {
  return `${Math.max(1, Math.round(ms / 1000))} s`;
}

export function describeConnection(state: PeerState, transport: TransportKind): ConnectionDescription {
  switch (state.kind) {
    case "connecting":
      return { state: "connecting", path: null, label: "Connecting…", detail: null, code: null, retrying: false };
    case "connected": {
      if (state.interrupted) {
        const detail = "The network path was interrupted; waiting for it to recover.";
        return { state: "reconnecting", path: state.path, label: "Interrupted…", detail, code: null, retrying: false };
      }
      let label = "Connected";
      if (transport === "relay") label = "Connected via gateway relay (bench)";
      else if (state.path === "direct") label = "Connected · direct";
      else if (state.path === "relay") label = "Connected via TURN relay";
      return { state: "connected", path: state.path, label, detail: null, code: null, retrying: false };
    }
    case "reconnecting": {
      const { reason } = state;
      // No path is a failure to show as one, even though attempts go on in case a path appears.
      if (reason.code === "NO_NETWORK_PATH") {
        const label = state.delayMs > 0 ? "No network path · retrying" : "No network path · trying again…";
        return { state: "failed", path: null, label, detail: reason.message, code: reason.code, retrying: true };
      }
      const label =
        state.delayMs > 0
          ? `Reconnecting in ${seconds(state.delayMs)} (attempt ${state.attempt})`
          : `Reconnecting (attempt ${state.attempt})…`;
      return { state: "reconnecting", path: null, label, detail: reason.message, code: reason.code, retrying: false };
    }
    case "failed": {
      const { message, code } = state.reason;
      return { state: "failed", path: null, label: "Failed", detail: message, code, retrying: false };
    }
  }
}

/** Sub-millisecond RTTs on a LAN deserve a decimal; beyond 10 ms it is noise. */
export function formatRtt(ms: number): string {
  if (ms < 0.1) return "<0.1 ms";
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
