import { useState, useSyncExternalStore } from "react";
import { RelayPtyTransport } from "../../modules/terminal/RelayPtyTransport";
import { TerminalScreen, type TerminalScreenProps } from "./TerminalScreen";

type Props = Pick<TerminalScreenProps, "workspaceId" | "workspaceName" | "sessionId">;

/**
 * Bench reference only (`?transport=relay`): the same terminal, bytes through the gateway.
 * Mounted once per session (the page keys it). Retrying means a new socket, so a new
 * transport and a new screen to attach to it.
 */
export function RelayTerminal(props: Props) {
  const [attempt, setAttempt] = useState(() => ({
    number: 0,
    transport: new RelayPtyTransport(props.workspaceId, props.sessionId),
  }));
  const { transport } = attempt;
  const snapshot = useSyncExternalStore(transport.subscribe, transport.getSnapshot);
  const retry = () =>
    setAttempt(({ number }) => ({
      number: number + 1,
      transport: new RelayPtyTransport(props.workspaceId, props.sessionId),
    }));
  return (
    <TerminalScreen
      key={attempt.number}
      {...props}
      transportKind="relay"
      transport={transport}
      snapshot={snapshot}
      onRetry={retry}
    />
  );
}
