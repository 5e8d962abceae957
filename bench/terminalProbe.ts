/**
 * In-page instrumentation for the terminal benchmark, installed with `addInitScript` before
 * the SPA loads. Everything is measured on the browser's own clock:
 * - `marks`: epoch ms of the phases of opening a terminal (signaling socket opened, data
 *   channels open, first stream byte, first prompt drawn), for a breakdown;
 * - echo samples: ms from a trusted keydown of `ECHO_KEY` until the echo's bytes arrive on
 *   the stream (`arrivedMs`) and until xterm's rendered rows hold one more of that
 *   character (`renderedMs`; xterm's DOM renderer mutates rows in its render frame, so this
 *   is "until the echo is rendered");
 * - `sendToStream`/`onStreamBytes`: raw access to the terminal's stream (the pty data
 *   channel or the relay socket) for a round trip without keyboard or rendering.
 */
export const ECHO_KEY = "x";

/**
 * Logged to the console when the first prompt is drawn. The bench waits for this message,
 * not with page.waitForFunction: that would inject Playwright's utility script (~30 ms of
 * main-thread work) into the tab while it is still starting, and time Playwright.
 */
export const PROMPT_DRAWN_MESSAGE = "gangway-probe: prompt drawn";

export interface TerminalProbe {
  marks: Record<string, number>;
  firstPromptAt: number | null;
  pendingSince: number | null;
  arrivedAt: number | null;
  baseline: number;
  renderedMs: number[];
  arrivedMs: number[];
  sendToStream: ((bytes: Uint8Array) => void) | null;
  onStreamBytes: (() => void) | null;
}

declare global {
  interface Window {
    __gangwayProbe: TerminalProbe;
  }
}

/** Runs in the page (serialized by Playwright): keep it self-contained. */
export function installTerminalProbe(echoKey: string): void {
  // A tab opened by window.open starts as about:blank and keeps that Window object when it
  // navigates to a same-origin URL; only the real page's document may hold the probe.
  if (location.protocol === "about:") return;
  const probe: TerminalProbe = {
    marks: {},
    firstPromptAt: null,
    pendingSince: null,
    arrivedAt: null,
    baseline: 0,
    renderedMs: [],
    arrivedMs: [],
    sendToStream: null,
    onStreamBytes: null,
  };
  window.__gangwayProbe = probe;
  const now = () => performance.timeOrigin + performance.now();
  const mark = (name: string) => {
    probe.marks[name] ??= now();
  };
  const onStreamBytes = (kind: string, data: unknown) => {
    if (typeof data === "string") return;
    mark(`firstBytes:${kind}`);
    const waiter = probe.onStreamBytes;
    probe.onStreamBytes = null;
    waiter?.();
    if (probe.pendingSince !== null && probe.arrivedAt === null) probe.arrivedAt = performance.now();
  };

  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const kind = String(url).includes("bench-relay") ? "relay" : "signaling";
      mark(`socketCreated:${kind}`);
      if (kind === "relay") probe.sendToStream = (bytes) => this.send(bytes);
      this.addEventListener("open", () => mark(`socketOpen:${kind}`));
      this.addEventListener("message", (event) => onStreamBytes(kind, event.data));
    }
  };
  const setRemoteDescription = RTCPeerConnection.prototype.setRemoteDescription as (
    this: RTCPeerConnection,
    description: RTCSessionDescriptionInit,
  ) => Promise<void>;
  RTCPeerConnection.prototype.setRemoteDescription = function (this: RTCPeerConnection, description) {
    mark("answerReceived");
    this.addEventListener("iceconnectionstatechange", () => mark(`ice:${this.iceConnectionState}`));
    this.addEventListener("connectionstatechange", () => mark(`peer:${this.connectionState}`));
    this.addEventListener("icecandidate", (event) => {
      if (event.candidate) mark("firstLocalCandidate");
    });
    return setRemoteDescription.call(this, description).then(() => mark("answerApplied"));
  } as typeof RTCPeerConnection.prototype.setRemoteDescription;
  const createDataChannel = RTCPeerConnection.prototype.createDataChannel;
  RTCPeerConnection.prototype.createDataChannel = function (label, init) {
    mark("peerCreated");
    const channel = createDataChannel.call(this, label, init);
    const addIceCandidate = this.addIceCandidate.bind(this);
    this.addIceCandidate = ((candidate: RTCIceCandidateInit) => {
      mark("firstRemoteCandidate");
      return addIceCandidate(candidate);
    }) as typeof this.addIceCandidate;
    const sctp = () => this.sctp;
    const watchTransports = () => {
      const transport = sctp();
      if (!transport || (transport as { watched?: boolean }).watched) return;
      (transport as { watched?: boolean }).watched = true;
      transport.addEventListener("statechange", () => mark(`sctp:${transport.state}`));
      transport.transport.addEventListener("statechange", () => mark(`dtls:${transport.transport.state}`));
    };
    this.addEventListener("signalingstatechange", watchTransports);
    const kind = init?.protocol ?? label;
    if (kind === "gangway.pty.v1") probe.sendToStream = (bytes) => channel.send(bytes as Uint8Array<ArrayBuffer>);
    channel.addEventListener("open", () => mark(`channelOpen:${kind}`));
    channel.addEventListener("message", (event) => onStreamBytes(kind, event.data));
    return channel;
  };

  let longTasks = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      longTasks += 1;
      probe.marks[`longtask${longTasks}:start`] = performance.timeOrigin + entry.startTime;
      probe.marks[`longtask${longTasks}:end`] = performance.timeOrigin + entry.startTime + entry.duration;
    }
  }).observe({ type: "longtask", buffered: true });
  const rowsText = () => document.querySelector(".xterm-rows")?.textContent ?? "";
  const countKey = () => rowsText().split(echoKey).length - 1;
  const promptPattern = /[$#]$/;
  document.addEventListener(
    "keydown",
    (event) => {
      if (event.key !== echoKey) return;
      probe.baseline = countKey();
      probe.arrivedAt = null;
      probe.pendingSince = performance.now();
    },
    true,
  );
  const observer = new MutationObserver(() => {
    if (!probe.marks.xtermMounted && document.querySelector(".xterm-rows")) mark("xtermMounted");
    if (probe.firstPromptAt === null) {
      const rows = Array.from(document.querySelectorAll(".xterm-rows > div"), (row) => row.textContent ?? "");
      if (rows.some((row) => promptPattern.test(row.replace(/\u00a0/g, " ").trimEnd()))) {
        probe.firstPromptAt = now();
        console.info("gangway-probe: prompt drawn"); // PROMPT_DRAWN_MESSAGE (serialized: no closures)
      }
    }
    if (probe.pendingSince !== null && countKey() > probe.baseline) {
      const renderedAt = performance.now();
      probe.renderedMs.push(renderedAt - probe.pendingSince);
      probe.arrivedMs.push((probe.arrivedAt ?? renderedAt) - probe.pendingSince);
      probe.pendingSince = null;
    }
  });
  // Observe the document node itself: it exists before <html> and <body> do.
  observer.observe(document, { subtree: true, childList: true, characterData: true });
}
