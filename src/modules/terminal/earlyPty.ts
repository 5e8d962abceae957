import { type PtyLabel, StreamKind } from "../../../protocol/streams.js";
import { clampSize, type PtySize } from "./PtyTransport";
import { terminalOptions } from "./xtermTheme";

/**
 * The terminal tab's pty channel, opened as soon as its peer connection exists, before the
 * terminal page has mounted (React and xterm.js load meanwhile). The agent attaches it to
 * the session and sends the prompt; what arrives is kept until `DataChannelPtyStream` adopts
 * the channel and replays it. The size is estimated from the window and the terminal's font;
 * the page sends the measured size right after it attached, as after any resize.
 */
interface EarlyPty {
  readonly pc: RTCPeerConnection;
  readonly session: string;
  readonly channel: RTCDataChannel;
  readonly size: PtySize;
  readonly messages: unknown[];
  closed: boolean;
}

let early: EarlyPty | null = null;

/** The terminal page's padding and top bar, around the xterm screen (TerminalPage.module.css). */
const SCREEN_INSET = { left: 10, top: 40 + 6 };

/** What xterm will likely measure for this window: close, and corrected once it mounts. */
export function estimateTerminalSize(view: Pick<Window, "innerWidth" | "innerHeight"> = window): PtySize {
  const fontSize = terminalOptions.fontSize ?? 14;
  const cellHeight = Math.ceil(fontSize * (terminalOptions.lineHeight ?? 1));
  let cellWidth = fontSize * 0.6;
  try {
    const context = document.createElement("canvas").getContext("2d");
    if (context) {
      context.font = `${fontSize}px ${terminalOptions.fontFamily ?? "monospace"}`;
      cellWidth = context.measureText("W").width || cellWidth;
    }
  } catch {
    // No canvas (tests, old browsers): the monospace rule of thumb is close enough.
  }
  return clampSize({
    cols: (view.innerWidth - SCREEN_INSET.left) / cellWidth,
    rows: (view.innerHeight - SCREEN_INSET.top) / cellHeight,
  });
}

/** Opens the pty channel for `session` on `pc` now, keeping what arrives for the page. */
export function openEarlyPty(pc: RTCPeerConnection, session: string, size: PtySize): void {
  if (early) return;
  const label: PtyLabel = { session, ...size };
  const channel = pc.createDataChannel(JSON.stringify(label), { protocol: StreamKind.pty, ordered: true });
  channel.binaryType = "arraybuffer";
  const opened: EarlyPty = { pc, session, channel, size, messages: [], closed: false };
  channel.onmessage = (event: MessageEvent) => opened.messages.push(event.data);
  channel.onclose = () => {
    opened.closed = true;
  };
  early = opened;
}

/**
 * The early channel when it belongs to `pc` and `session` and still works, once; its
 * handlers are the adopter's to set, and `messages` holds what arrived so far, in order.
 */
export function adoptEarlyPty(
  pc: RTCPeerConnection,
  session: string,
): { channel: RTCDataChannel; size: PtySize; messages: unknown[] } | null {
  const candidate = early;
  if (!candidate || candidate.pc !== pc || candidate.session !== session) return null;
  early = null;
  candidate.channel.onmessage = null;
  candidate.channel.onclose = null;
  if (candidate.closed || candidate.channel.readyState === "closing" || candidate.channel.readyState === "closed") {
    return null;
  }
  return { channel: candidate.channel, size: candidate.size, messages: candidate.messages };
}

/** Closes an early channel nobody adopted (the page never mounted a terminal). */
export function discardEarlyPty(): void {
  early?.channel.close();
  early = null;
}
