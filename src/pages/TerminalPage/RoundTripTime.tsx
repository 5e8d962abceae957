import { formatRtt } from "../../modules/peer/describeConnection";
import styles from "./TerminalPage.module.css";

interface RoundTripTimeProps {
  pingRttMs: number | null;
  iceRttMs: number | null;
}

/**
 * Both measurements, labelled: "ping" goes through the agent process over the control
 * channel (what typing feels like); "ICE" is the network path alone.
 */
export function RoundTripTime({ pingRttMs, iceRttMs }: RoundTripTimeProps) {
  if (pingRttMs === null && iceRttMs === null) return null;
  return (
    <span
      className={styles.rtt}
      data-testid="rtt"
      data-ping-ms={pingRttMs ?? undefined}
      data-ice-ms={iceRttMs ?? undefined}
      title="Round-trip time. ping: through the workspace agent over the control channel. ICE: the network path alone."
    >
      RTT{pingRttMs !== null && <span> ping {formatRtt(pingRttMs)}</span>}
      {iceRttMs !== null && <span> ICE {formatRtt(iceRttMs)}</span>}
    </span>
  );
}
