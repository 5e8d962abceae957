import type { AppSlug } from "../../../protocol/rest.js";
import { type HttpHeaders, StreamKind, WsLabel } from "../../../protocol/streams.js";
import { type PeerSource, whenConnected } from "../http/whenConnected";
import { appTarget } from "../shared/appTarget";
import type { GangwayHostApi, WsOpenRequest } from "../shared/bridge";

/** A WebSocket waits this long for a connection; apps retry their own sockets anyway. */
export const WS_CONNECTION_WAIT_MS = 15_000;

/**
 * The host page's side of the WebSocket shim (`window.__gangwayHost`): a `gangway.ws.v1`
 * channel per socket on the current peer connection, labelled with the app, the path, the
 * subprotocols and the headers a browser would send (Origin, and the cookies the service
 * worker's jars hold for the path).
 */
export class WsHost implements Pick<GangwayHostApi, "openWebSocket"> {
  private peer: RTCPeerConnection | null = null;

  constructor(
    private readonly connection: PeerSource,
    private readonly slug: AppSlug,
    private readonly origin: string,
    private readonly cookieFor: (url: string) => Promise<string>,
  ) {
    connection.onPeer((peer) => {
      this.peer = peer;
    });
  }

  async openWebSocket(request: WsOpenRequest): Promise<RTCDataChannel> {
    await whenConnected(this.connection, WS_CONNECTION_WAIT_MS);
    const cookie = await this.cookieFor(`${this.origin}${request.path}`).catch(() => "");
    const headers: HttpHeaders = [["Origin", this.origin]];
    if (cookie) headers.push(["Cookie", cookie]);
    const label = WsLabel.parse({ ...appTarget(this.slug), path: request.path, protocols: request.protocols, headers });
    const peer = this.peer;
    if (!peer) throw new Error("There is no connection to the workspace.");
    return peer.createDataChannel(JSON.stringify(label), { protocol: StreamKind.ws, ordered: true });
  }
}
