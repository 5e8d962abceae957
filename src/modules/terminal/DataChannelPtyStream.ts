import { type PtyLabel, type PtyToAgent, StreamKind } from "../../../protocol/streams.js";
import { parsePtyMessage } from "../peer/messages";
import type { PeerHost } from "../peer/PeerConnection";
import { adoptEarlyPty } from "./earlyPty";
import { InputQueue } from "./InputQueue";
import { binaryPayload, clampSize, type PtySize, type PtyStream, type PtyStreamHandlers } from "./PtyTransport";

/**
 * Input is held back while this much is already buffered in the channel. Keystrokes never
 * get near it; a huge paste waits instead of growing the browser's send buffer (Chrome
 * closes a channel whose buffer passes 16 MB).
 */
export const INPUT_HIGH_WATER_BYTES = 256 * 1024;
/** Sending resumes when the buffer drains below this. */
export const INPUT_LOW_WATER_BYTES = 64 * 1024;
/**
 * Wait before re-opening a channel the agent closed without a reason while the peer
 * connection stayed up (e.g. the agent restarted its stream handler): long enough not to
 * spin, short enough to feel instant.
 */
export const REOPEN_DELAY_MS = 1000;

/**
 * One terminal attachment over "gangway.pty.v1" data channels. On every new peer
 * connection it opens a fresh channel to the same session; the agent answers `attached`,
 * then replays the session's output, so the screen is reset and rebuilt rather than
 * appended to, and nothing is shown twice.
 */
export class DataChannelPtyStream implements PtyStream {
  private channel: RTCDataChannel | null = null;
  private attached = false;
  private finished = false;
  private size: PtySize;
  private attachedSize: PtySize | null = null;
  private readonly input = new InputQueue();
  private readonly unsubscribe: () => void;
  private reopenTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    peer: PeerHost,
    private readonly session: string,
    size: PtySize,
    private readonly handlers: PtyStreamHandlers,
  ) {
    this.size = clampSize(size);
    this.unsubscribe = peer.onPeer((pc) => this.open(pc));
  }

  private open(pc: RTCPeerConnection): void {
    clearTimeout(this.reopenTimer);
    this.closeChannel();
    if (this.finished) return;
    // The entry chunk may have opened this session's channel already (earlyPty.ts).
    const adopted = adoptEarlyPty(pc, this.session);
    const label: PtyLabel = { session: this.session, ...(adopted?.size ?? this.size) };
    const channel =
      adopted?.channel ?? pc.createDataChannel(JSON.stringify(label), { protocol: StreamKind.pty, ordered: true });
    channel.binaryType = "arraybuffer";
    channel.bufferedAmountLowThreshold = INPUT_LOW_WATER_BYTES;
    channel.onmessage = (event: MessageEvent) => {
      if (channel === this.channel) this.onMessage(event.data);
    };
    channel.onbufferedamountlow = () => {
      if (channel === this.channel) this.flush();
    };
    // Chrome may deliver the agent's `attached` before the channel's own open event; what
    // waited for the channel (input, the measured size) goes out when it opens.
    channel.onopen = () => {
      if (channel !== this.channel) return;
      this.syncSize();
      this.flush();
    };
    channel.onclose = () => {
      if (channel !== this.channel) return;
      const wasAttached = this.attached;
      this.channel = null;
      this.attached = false;
      if (!this.finished && wasAttached && pc.connectionState === "connected") {
        this.reopenTimer = setTimeout(() => this.open(pc), REOPEN_DELAY_MS);
      }
    };
    this.channel = channel;
    this.attachedSize = label;
    // What the agent sent before this page existed: `attached`, then the prompt.
    for (const data of adopted?.messages ?? []) if (channel === this.channel) this.onMessage(data);
  }

  private onMessage(data: unknown): void {
    const bytes = binaryPayload(data);
    if (bytes) {
      // Output before `attached` cannot happen in protocol v1; dropping it keeps the
      // reset-then-replay order that prevents duplicated output.
      if (this.attached) this.handlers.onOutput(bytes);
      return;
    }
    if (typeof data !== "string") return;
    const message = parsePtyMessage(data);
    if (!message) return;
    switch (message.type) {
      case "attached":
        this.attached = true;
        this.handlers.onReset();
        this.syncSize();
        this.flush();
        break;
      case "exit":
        this.finish();
        this.handlers.onExit({ exitCode: message.exitCode, signal: message.signal });
        break;
      case "error":
        this.finish();
        this.handlers.onError(message.code, message.message);
        break;
    }
  }

  write(bytes: Uint8Array<ArrayBuffer>): void {
    if (this.finished) return;
    this.input.push(bytes);
    this.flush();
  }

  resize(size: PtySize): void {
    this.size = clampSize(size);
    this.syncSize();
  }

  /** The label carried the size at open; send a resize only if it changed since. */
  private syncSize(): void {
    const { channel, attachedSize, size } = this;
    if (!channel || !this.attached || channel.readyState !== "open") return;
    if (attachedSize && attachedSize.cols === size.cols && attachedSize.rows === size.rows) return;
    const resize: PtyToAgent = { type: "resize", ...size };
    channel.send(JSON.stringify(resize));
    this.attachedSize = size;
  }

  private flush(): void {
    const channel = this.channel;
    if (!channel || !this.attached || channel.readyState !== "open") return;
    while (channel.bufferedAmount < INPUT_HIGH_WATER_BYTES) {
      const message = this.input.take();
      if (!message) return;
      channel.send(message);
    }
  }

  private finish(): void {
    this.finished = true;
    this.input.clear();
    this.closeChannel();
  }

  private closeChannel(): void {
    const channel = this.channel;
    this.channel = null;
    this.attached = false;
    channel?.close();
  }

  close(): void {
    clearTimeout(this.reopenTimer);
    this.unsubscribe();
    this.finished = true;
    this.closeChannel();
  }
}
