import { APP_UPLOAD_WINDOW_BYTES } from "../../../protocol/limits.js";
import type { WsToAgent } from "../../../protocol/streams.js";
import type { WsOpenRequest } from "../shared/bridge";
import { fragmentMessage, MessageAssembler, parseWsControl, validateClose, type WsControl } from "./wsFrames";

/** What a shimmed WebSocket needs from its surroundings. */
export interface ShimEnvironment {
  /** The browser's own WebSocket, for URLs on other origins. */
  native: typeof WebSocket;
  /** The document's location: relative URLs resolve against it, and its host is "same origin". */
  location: Pick<Location, "href" | "host">;
  /** A `gangway.ws.v1` channel for this socket (the host page's job). */
  open(request: WsOpenRequest): Promise<RTCDataChannel>;
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
/** Close code for a connection that ended without a closing handshake. */
const ABNORMAL_CLOSURE = 1006;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Something `send()` queued: a message's fragments (a Blob's once read), or the closing request. */
type Outgoing =
  | { kind: "message"; fragments: Uint8Array[] | null; pending: Promise<Uint8Array[]> | null; payload: number }
  | { kind: "close"; code: number | undefined; reason: string };

type Handler = ((event: Event) => unknown) | null;

/**
 * Makes a `WebSocket` class for one document: same-origin URLs travel as `gangway.ws.v1`
 * channels of the host page's peer connection; any other URL gets `env.native`. It follows
 * the WebSocket API: readyState, the four events (as properties and listeners), binaryType,
 * bufferedAmount, protocol, extensions, close codes and reasons with the same exceptions, and
 * CloseEvents whose `wasClean` is false exactly when the closing handshake did not happen.
 */
export function createWebSocketClass(env: ShimEnvironment): typeof WebSocket {
  class GangwayWebSocket extends EventTarget {
    static readonly CONNECTING = CONNECTING;
    static readonly OPEN = OPEN;
    static readonly CLOSING = CLOSING;
    static readonly CLOSED = CLOSED;

    static override [Symbol.hasInstance](value: unknown): boolean {
      return (
        Object.prototype.isPrototypeOf.call(GangwayWebSocket.prototype, value as object) || value instanceof env.native
      );
    }

    #url = "";
    #origin = "";
    #readyState = CONNECTING;
    #binaryType: BinaryType = "blob";
    #protocol = "";
    #extensions = "";
    #channel: RTCDataChannel | null = null;
    readonly #assembler = new MessageAssembler();
    readonly #queue: Outgoing[] = [];
    /** Payload bytes `send()` took that have not gone into the channel yet. */
    #queuedBytes = 0;
    /** Bytes sent after the socket started closing: they count in bufferedAmount forever, as specified. */
    #discardedBytes = 0;
    /** Frame bytes (flag bytes included) sent on the channel, and acknowledged by the agent. */
    #sentBytes = 0;
    #ackedBytes = 0;
    readonly #handlers = new Map<string, Handler>();

    constructor(url: string | URL, protocols: string | string[] = []) {
      super();
      const target = socketUrl(url, env.location.href);
      if (target.host !== env.location.host) {
        // biome-ignore lint/correctness/noConstructorReturn: other origins get the browser's own WebSocket.
        return new env.native(target.href, protocols) as unknown as GangwayWebSocket;
      }
      const offered = typeof protocols === "string" ? [protocols] : [...protocols];
      if (offered.some((p) => !TOKEN.test(p)) || new Set(offered).size !== offered.length) {
        throw new DOMException("The subprotocol is invalid or given twice.", "SyntaxError");
      }
      this.#url = target.href;
      this.#origin = target.origin;
      env.open({ path: `${target.pathname}${target.search}`, protocols: offered }).then(
        (channel) => this.#attach(channel),
        () => this.#fail(),
      );
    }

    get url(): string {
      return this.#url;
    }
    get readyState(): number {
      return this.#readyState;
    }
    get protocol(): string {
      return this.#protocol;
    }
    get extensions(): string {
      return this.#extensions;
    }
    get binaryType(): BinaryType {
      return this.#binaryType;
    }
    set binaryType(value: BinaryType) {
      // As for any IDL enumeration, other values are ignored.
      if (value === "blob" || value === "arraybuffer") this.#binaryType = value;
    }
    get bufferedAmount(): number {
      return this.#queuedBytes + this.#discardedBytes + (this.#channel?.bufferedAmount ?? 0);
    }

    send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (this.#readyState === CONNECTING) throw new DOMException("Still in CONNECTING state.", "InvalidStateError");
      const outgoing = outgoingMessage(data);
      if (this.#readyState !== OPEN) {
        this.#discardedBytes += outgoing.payload;
        return;
      }
      this.#queuedBytes += outgoing.payload;
      this.#queue.push(outgoing);
      outgoing.pending?.then(
        (fragments) => {
          outgoing.fragments = fragments;
          outgoing.pending = null;
          this.#flush();
        },
        () => this.#fail(),
      );
      this.#flush();
    }

    close(code?: number, reason?: string): void {
      validateClose(code, reason);
      if (this.#readyState === CLOSING || this.#readyState === CLOSED) return;
      if (this.#readyState === CONNECTING) {
        this.#readyState = CLOSING;
        setTimeout(() => this.#fail(), 0);
        return;
      }
      this.#readyState = CLOSING;
      this.#queue.push({ kind: "close", code, reason: reason ?? "" });
      this.#flush();
    }

    #attach(channel: RTCDataChannel): void {
      if (this.#readyState !== CONNECTING) {
        channel.close();
        return;
      }
      this.#channel = channel;
      channel.binaryType = "arraybuffer";
      // The agent's `open` can arrive before the channel's own open event (Chrome delivers a
      // message that came with the channel's acknowledgement first): frames the app sent in
      // between wait in the queue until the channel can carry them.
      channel.onopen = () => {
        if (this.#channel === channel) this.#flush();
      };
      channel.onmessage = (event: MessageEvent) => {
        if (this.#channel !== channel) return;
        if (typeof event.data === "string") this.#onControl(parseWsControl(event.data));
        else this.#onFrame(new Uint8Array(event.data as ArrayBuffer));
      };
      channel.onclose = () => {
        if (this.#channel !== channel) return;
        if (this.#readyState === CLOSING) this.#finish(ABNORMAL_CLOSURE, "", false);
        else this.#fail();
      };
    }

    #onControl(message: WsControl | null): void {
      switch (message?.type) {
        case "open":
          if (this.#readyState !== CONNECTING) return;
          this.#readyState = OPEN;
          this.#protocol = message.protocol;
          this.#extensions = message.extensions;
          this.dispatchEvent(new Event("open"));
          break;
        case "ack":
          this.#ackedBytes = Math.max(this.#ackedBytes, message.bytes);
          this.#flush();
          break;
        case "close":
          if (message.code === ABNORMAL_CLOSURE) this.#fail();
          else this.#finish(message.code, message.reason, true);
          break;
        default:
          // An error from the agent, or a message the protocol does not know.
          this.#fail();
      }
    }

    #onFrame(fragment: Uint8Array): void {
      let message: ReturnType<MessageAssembler["push"]>;
      try {
        message = this.#assembler.push(fragment);
      } catch {
        this.#fail();
        return;
      }
      if (!message || this.#readyState !== OPEN) return;
      const data = message.text
        ? new TextDecoder().decode(message.data)
        : this.#binaryType === "arraybuffer"
          ? message.data.buffer
          : new Blob([message.data]);
      this.dispatchEvent(new MessageEvent("message", { data, origin: this.#origin }));
    }

    /** Sends what the upload window allows, in order; a Blob still being read holds back what follows it. */
    #flush(): void {
      const channel = this.#channel;
      if (channel?.readyState !== "open") return;
      for (let head = this.#queue[0]; head; head = this.#queue[0]) {
        if (head.kind === "close") {
          const request: WsToAgent = { type: "close", reason: head.reason };
          if (head.code !== undefined) request.code = head.code;
          channel.send(JSON.stringify(request));
          this.#queue.shift();
          continue;
        }
        if (!head.fragments) return;
        while (head.fragments.length > 0) {
          const fragment = head.fragments[0] as Uint8Array;
          if (this.#sentBytes + fragment.byteLength - this.#ackedBytes > APP_UPLOAD_WINDOW_BYTES) return;
          channel.send(fragment as Uint8Array<ArrayBuffer>);
          this.#sentBytes += fragment.byteLength;
          this.#queuedBytes -= fragment.byteLength - 1;
          head.fragments.shift();
        }
        this.#queue.shift();
      }
    }

    /** The connection failed, or closed without a closing handshake: error, then close 1006. */
    #fail(): void {
      if (this.#readyState === CLOSED) return;
      this.#finish(ABNORMAL_CLOSURE, "", false, true);
    }

    #finish(code: number, reason: string, wasClean: boolean, error = false): void {
      if (this.#readyState === CLOSED) return;
      this.#readyState = CLOSED;
      const channel = this.#channel;
      this.#channel = null;
      channel?.close();
      this.#queuedBytes = 0;
      this.#queue.length = 0;
      if (error) this.dispatchEvent(new Event("error"));
      this.dispatchEvent(new CloseEvent("close", { code, reason, wasClean }));
    }

    get onopen(): Handler {
      return this.#handler("open");
    }
    set onopen(handler: Handler) {
      this.#setHandler("open", handler);
    }
    get onmessage(): Handler {
      return this.#handler("message");
    }
    set onmessage(handler: Handler) {
      this.#setHandler("message", handler);
    }
    get onerror(): Handler {
      return this.#handler("error");
    }
    set onerror(handler: Handler) {
      this.#setHandler("error", handler);
    }
    get onclose(): Handler {
      return this.#handler("close");
    }
    set onclose(handler: Handler) {
      this.#setHandler("close", handler);
    }

    #handler(type: string): Handler {
      return this.#handlers.get(type) ?? null;
    }

    /** An `on<type>` property: one listener, added when first set, calls whatever the property holds. */
    #setHandler(type: string, handler: Handler): void {
      if (!this.#handlers.has(type))
        this.addEventListener(type, (event) => this.#handlers.get(type)?.call(this, event));
      this.#handlers.set(type, typeof handler === "function" ? handler : null);
    }
  }

  for (const [name, value] of Object.entries({ CONNECTING, OPEN, CLOSING, CLOSED })) {
    Object.defineProperty(GangwayWebSocket.prototype, name, { value, enumerable: true });
  }
  Object.defineProperty(GangwayWebSocket, "name", { value: "WebSocket" });
  return GangwayWebSocket as unknown as typeof WebSocket;
}

/** The socket's URL as the WebSocket constructor reads it: http(s) becomes ws(s); no fragment. */
function socketUrl(url: string | URL, base: string): URL {
  let target: URL;
  try {
    target = new URL(String(url), base);
  } catch {
    throw new DOMException(`The URL '${String(url)}' is invalid.`, "SyntaxError");
  }
  if (target.protocol === "http:") target.protocol = "ws:";
  else if (target.protocol === "https:") target.protocol = "wss:";
  if (target.protocol !== "ws:" && target.protocol !== "wss:") {
    throw new DOMException(
      `The URL's scheme must be either 'ws' or 'wss'. '${target.protocol}' is not allowed.`,
      "SyntaxError",
    );
  }
  target.hash = "";
  return target;
}

/** What `send(data)` queues: strings as text, buffers and views copied, Blobs read in order. */
function outgoingMessage(data: unknown): Outgoing & { kind: "message" } {
  if (data instanceof Blob) {
    const pending = data.arrayBuffer().then((buffer) => fragmentMessage(new Uint8Array(buffer), false));
    return { kind: "message", fragments: null, pending, payload: data.size };
  }
  let bytes: Uint8Array;
  let text = false;
  if (data instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && data instanceof SharedArrayBuffer)) {
    bytes = new Uint8Array(data.slice(0));
  } else if (ArrayBuffer.isView(data)) {
    bytes = new Uint8Array(data.byteLength);
    bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  } else {
    bytes = new TextEncoder().encode(String(data));
    text = true;
  }
  return { kind: "message", fragments: fragmentMessage(bytes, text), pending: null, payload: bytes.byteLength };
}
