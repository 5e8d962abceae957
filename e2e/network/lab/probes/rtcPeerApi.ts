/** The API of rtcPeer.ts: one node-datachannel PeerConnection with one data channel, driven by the lab. */
import type { RtcConfig, SelectedCandidateInfo } from "node-datachannel";

export interface SessionDescription {
  readonly sdp: string;
  readonly type: string;
}

export interface IceCandidate {
  readonly candidate: string;
  readonly mid: string;
}

export interface SelectedPair {
  readonly local: SelectedCandidateInfo;
  readonly remote: SelectedCandidateInfo;
}

export type RtcPeerMethods = {
  /** Creates the PeerConnection; the offerer also creates the data channel, which starts negotiation. */
  start: { params: { config: RtcConfig; offerer: boolean }; result: null };
  setRemoteDescription: { params: SessionDescription; result: null };
  addRemoteCandidate: { params: IceCandidate; result: null };
  send: { params: { text: string }; result: null };
  /**
   * The candidates in the local description. Authoritative once gathering is complete, unlike
   * localCandidate events, which node-datachannel may deliver after the gathering state change.
   */
  localCandidates: { params: null; result: string[] };
  /** The ICE candidate pair in use (getSelectedCandidatePair()), null before connecting. */
  selectedPair: { params: null; result: SelectedPair | null };
};

export type RtcPeerEvents = {
  localDescription: SessionDescription;
  localCandidate: IceCandidate;
  /** RTCPeerConnectionState: "connecting", "connected", "failed", ... */
  state: string;
  /** RTCIceGatheringState: "gathering", then "complete" once every candidate was reported. */
  gatheringState: string;
  channelOpen: null;
  message: string;
};
