import type { PeerHost } from "../peer/PeerConnection";
import { DataChannelPtyStream } from "./DataChannelPtyStream";
import type { PtySize, PtyStream, PtyStreamHandlers, PtyTransport } from "./PtyTransport";

/** Terminal sessions over data channels of the page's peer connection to the agent. */
export class DataChannelPtyTransport implements PtyTransport {
  constructor(
    private readonly peer: PeerHost,
    private readonly session: string,
  ) {}

  connect(size: PtySize, handlers: PtyStreamHandlers): PtyStream {
    return new DataChannelPtyStream(this.peer, this.session, size, handlers);
  }
}
