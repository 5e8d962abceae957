/**
 * A child process the lab runs inside a namespace (see RtcPeer.ts): one node-datachannel
 * PeerConnection, signaled through the lab over IPC, with one data channel carrying text.
 */
import nodeDataChannel, { type DataChannel, type PeerConnection } from "node-datachannel";
import type { RtcPeerEvents, RtcPeerMethods } from "./rtcPeerApi.js";
import { serveIpc } from "./serveIpc.js";

/** libdatachannel's warnings explain ignored ICE servers (e.g. a TURN URL it could not parse). */
nodeDataChannel.initLogger("Warning", (level, message) => console.error(`[libdatachannel ${level}] ${message}`));

let peer: PeerConnection | undefined;
/** Held so the channel is never garbage-collected (a collected channel silently stops receiving). */
let channel: DataChannel | undefined;

const ipc = serveIpc<RtcPeerMethods, RtcPeerEvents>({
  start: ({ config, offerer }) => {
    const connection = new nodeDataChannel.PeerConnection(offerer ? "offerer" : "answerer", config);
    peer = connection;
    connection.onLocalDescription((sdp, type) => ipc.emit("localDescription", { sdp, type }));
    connection.onLocalCandidate((candidate, mid) => ipc.emit("localCandidate", { candidate, mid }));
    connection.onStateChange((state) => ipc.emit("state", state));
    connection.onGatheringStateChange((state) => ipc.emit("gatheringState", state));
    connection.onDataChannel(adopt);
    if (offerer) adopt(connection.createDataChannel("lab"));
    return null;
  },
  setRemoteDescription: ({ sdp, type }) => {
    connected().setRemoteDescription(sdp, type as "offer" | "answer");
    return null;
  },
  addRemoteCandidate: ({ candidate, mid }) => {
    connected().addRemoteCandidate(candidate, mid);
    return null;
  },
  send: ({ text }) => {
    if (!channel?.sendMessage(text)) throw new Error("the data channel did not take the message");
    return null;
  },
  localCandidates: () =>
    (connected().localDescription()?.sdp ?? "")
      .split(/\r?\n/)
      .filter((line) => line.startsWith("a=candidate:"))
      .map((line) => line.slice("a=".length)),
  selectedPair: () => connected().getSelectedCandidatePair(),
});

function adopt(dataChannel: DataChannel): void {
  channel = dataChannel;
  dataChannel.onMessage((message) => ipc.emit("message", String(message)));
  if (dataChannel.isOpen()) ipc.emit("channelOpen", null);
  else dataChannel.onOpen(() => ipc.emit("channelOpen", null));
}

function connected(): PeerConnection {
  if (!peer) throw new Error("start first");
  return peer;
}

process.on("exit", () => {
  peer?.close();
  nodeDataChannel.cleanup();
});
