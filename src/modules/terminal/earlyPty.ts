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

/** A monospace cell's advance in ems: 0.6 for DejaVu Sans Mono, JetBrains Mono, Menlo. */
const MONOSPACE_ADVANCE_EM = 0.6;

/** Where the last terminal's measured size is kept, with the window size it was measured for. */
export const LAST_SIZE_KEY = "gangway.terminal.lastSize";

type SizeStorage = Pick<Storage, "getItem" | "setItem">;
type View = Pick<Window, "innerWidth" | "innerHeight">;

function localStorageOrNull(): SizeStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: estimates fall back to the rule of thumb
  }
}

/**
 * What xterm will likely measure for this window: what it measured last time for a window of
 * this size, else the monospace rule of thumb. Cheap on purpose: it runs before the page has
 * mounted, where measuring the font (a canvas and the font fallback list) costs ~10 ms of a busy
 * main thread. The page sends the measured size right after it attached anyway.
 */
export function estimateTerminalSize(view: View = window, storage: SizeStorage | null = localStorageOrNull()): PtySize {
  try {
    const last = JSON.parse(storage?.getItem(LAST_SIZE_KEY) ?? "null") as Record<string, unknown> | null;
    if (last && last.innerWidth === view.innerWidth && last.innerHeight === view.innerHeight) {
      const remembered = clampSize({ cols: Number(last.cols), rows: Number(last.rows) });
      if (remembered.cols === last.cols && remembered.rows === last.rows) return remembered;
    }
  } catch {
    // A damaged entry is as good as none.
  }
  const fontSize = terminalOptions.fontSize ?? 14;
  const cellHeight = Math.ceil(fontSize * (terminalOptions.lineHeight ?? 1));
  return clampSize({
    cols: (view.innerWidth - SCREEN_INSET.left) / (fontSize * MONOSPACE_ADVANCE_EM),
    rows: (view.innerHeight - SCREEN_INSET.top) / cellHeight,
  });
}

/** Keeps the size xterm measured for this window, for the next tab's estimate. */
export function rememberTerminalSize(
  size: PtySize,
  view: View = window,
  storage: SizeStorage | null = localStorageOrNull(),
): void {
  try {
    storage?.setItem(
      LAST_SIZE_KEY,
      JSON.stringify({ cols: size.cols, rows: size.rows, innerWidth: view.innerWidth, innerHeight: view.innerHeight }),
    );
  } catch {
    // Full or disabled storage: the next tab estimates instead.
  }
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
