// Starts a terminal tab's signaling socket and RTCPeerConnection while the app's code is
// still loading; src/modules/peer/earlyConnection.ts adopts them. A plain script (index.html
// loads it before the modules) so it runs within milliseconds of the navigation: the socket
// handshake, the gateway's hello and the browser's ICE candidate gathering then overlap the
// ~150 ms the app's code takes to load. What arrives before adoption is kept and replayed.
(() => {
  const match = /^\/workspaces\/([^/]+)\/terminal\/[^/]+\/?$/.exec(location.pathname);
  // The bench's relay reference (?transport=relay) must not get a head start either way.
  if (!match || new URLSearchParams(location.search).has("transport")) return;
  if (typeof WebSocket !== "function" || typeof RTCPeerConnection !== "function") return;
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const url = `${scheme}://${location.host}/api/v1/workspaces/${match[1]}/signal`;
  const socket = new WebSocket(url);
  const pending = [];
  const keep = (event) => pending.push(event);
  socket.addEventListener("message", keep);
  socket.addEventListener("close", keep);
  // A candidate pool makes the browser gather its own candidates now, before the offer.
  const peer = new RTCPeerConnection({ iceCandidatePoolSize: 1 });
  const early = { url, socket, peer, pending, keep, socketTaken: false };
  window.__gangwayEarlyConnection = early;
  // Whatever is not adopted in time (signed out and sent to /login, say) is let go.
  setTimeout(() => {
    if (!early.socketTaken) socket.close(1000);
    if (early.peer) early.peer.close();
    early.peer = null;
    if (window.__gangwayEarlyConnection === early) window.__gangwayEarlyConnection = undefined;
  }, 10_000);
})();
