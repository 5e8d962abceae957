import nodeDataChannel, { type DataChannel, type PeerConnection } from "node-datachannel";
import { afterAll, afterEach, expect, it } from "vitest";

/**
 * Pins a finding of docs/adr/0005-no-ice-restart.md: node-datachannel 0.33 (libdatachannel
 * 0.24, libjuice) cannot do an ICE restart. libjuice refuses a remote description whose ICE
 * credentials changed ("ICE restart is not supported"), so the agent must answer a lost path
 * with a new peer connection. If this test fails after an upgrade, restarts may have become
 * possible: revisit the ADR.
 */

/** Long enough for a refused description to have torn anything down, were it going to. */
const SETTLE_MS = 200;

const peers: PeerConnection[] = [];
const channels: DataChannel[] = [];

afterEach(() => {
  for (const peer of peers.splice(0)) peer.close();
  channels.splice(0);
});

afterAll(() => {
  nodeDataChannel.cleanup();
});

it("an offer with new ICE credentials (an ICE restart) is refused; the connection stays as it was", async () => {
  const offerer = new nodeDataChannel.PeerConnection("offerer", { iceServers: [] });
  const answerer = new nodeDataChannel.PeerConnection("answerer", { iceServers: [] });
  peers.push(offerer, answerer);
  let firstOffer = "";
  offerer.onLocalDescription((sdp, type) => {
    // DTLS client role on the offerer spares a 1 s DTLS retransmission (see BrowserPeer).
    firstOffer ||= sdp.replace("a=setup:actpass", "a=setup:active");
    answerer.setRemoteDescription(firstOffer, type);
  });
  answerer.onLocalDescription((sdp, type) => offerer.setRemoteDescription(sdp, type));
  offerer.onLocalCandidate((candidate, mid) => answerer.addRemoteCandidate(candidate, mid));
  answerer.onLocalCandidate((candidate, mid) => offerer.addRemoteCandidate(candidate, mid));
  answerer.onDataChannel((channel) => channels.push(channel));
  const channel = offerer.createDataChannel("probe");
  channels.push(channel);
  await new Promise<void>((resolve) => channel.onOpen(resolve));

  const restartOffer = firstOffer
    .replace(/a=ice-ufrag:\S+/, "a=ice-ufrag:rstrt")
    .replace(/a=ice-pwd:\S+/, "a=ice-pwd:restartedpassword0123456789");
  expect(() => answerer.setRemoteDescription(restartOffer, "offer")).toThrow(/Invalid ICE settings/);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  expect([offerer.state(), answerer.state()]).toEqual(["connected", "connected"]);
});
