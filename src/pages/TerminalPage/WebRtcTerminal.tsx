import { useMemo } from "react";
import { usePeerConnection } from "../../modules/peer/usePeerConnection";
import { DataChannelPtyTransport } from "../../modules/terminal/DataChannelPtyTransport";
import { TerminalScreen, type TerminalScreenProps } from "./TerminalScreen";

type Props = Pick<TerminalScreenProps, "workspaceId" | "workspaceName" | "sessionId">;

/** The product path: a peer connection to the agent, the terminal on a data channel. */
export function WebRtcTerminal(props: Props) {
  const { peer, snapshot, retry } = usePeerConnection(props.workspaceId);
  const transport = useMemo(() => peer && new DataChannelPtyTransport(peer, props.sessionId), [peer, props.sessionId]);
  // Keyed by session: a new session gets a fresh screen, while the peer connection stays.
  return (
    <TerminalScreen
      key={props.sessionId}
      {...props}
      transportKind="webrtc"
      transport={transport}
      snapshot={snapshot}
      onRetry={retry}
      peerHost={peer}
    />
  );
}
