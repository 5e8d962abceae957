import { z } from "zod";
import { ErrorCode } from "./errors.js";

/**
 * Browser ⇄ gateway signaling, over the WebSocket `GET /api/v1/workspaces/:id/signal`
 * (authenticated by the session cookie; the Origin header must be the dashboard's).
 *
 * The server relays offer, answer and candidates between this socket and the workspace's
 * agent socket and nothing else: no stream byte ever passes through it. Each signaling
 * socket is one peer connection attempt, named by the server's `connectionId`. The socket
 * may be closed once the peer connection is up; the connection keeps working without it.
 *
 * Sequence: server → `hello`; browser → `offer`; server → `answer`; both → `candidate`
 * (in any order after the offer); either side → `error` when something fails.
 */

/** One ICE server as `RTCPeerConnection` takes it. */
export const IceServer = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServer>;

/** An ICE candidate as `RTCIceCandidate.toJSON()` gives it. A null candidate ends gathering. */
export const IceCandidate = z.object({
  candidate: z.string().max(1024),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
});
export type IceCandidate = z.infer<typeof IceCandidate>;

/** An SDP offer or answer; a real one with trickled candidates is a few KiB. */
export const Sdp = z
  .string()
  .min(1)
  .max(32 * 1024);

/** Server → browser, first message: who we are, which ICE servers to use. */
export const SignalHello = z.object({
  type: z.literal("hello"),
  protocolVersion: z.number().int(),
  /** Names this peer connection attempt in logs on every side. */
  connectionId: z.string().uuid(),
  iceServers: z.array(IceServer),
});

/** Browser → server: the browser's SDP offer. It always includes the control channel. */
export const SignalOffer = z.object({ type: z.literal("offer"), sdp: Sdp });

/** Server → browser: the agent's SDP answer. */
export const SignalAnswer = z.object({ type: z.literal("answer"), sdp: Sdp });

/** Both ways: a trickled ICE candidate. */
export const SignalCandidate = z.object({ type: z.literal("candidate"), candidate: IceCandidate });

/**
 * Either way: something failed. After INVALID_REQUEST or MESSAGE_TOO_LARGE the socket stays
 * open (the offending message is dropped); after any other error the server closes it (4000).
 */
export const SignalError = z.object({
  type: z.literal("error"),
  code: ErrorCode,
  message: z.string(),
});

/** Messages the browser may send. Anything else is answered with INVALID_REQUEST. */
export const BrowserSignal = z.discriminatedUnion("type", [SignalOffer, SignalCandidate]);
export type BrowserSignal = z.infer<typeof BrowserSignal>;

/** Messages the server sends to the browser. */
export const ServerSignal = z.discriminatedUnion("type", [SignalHello, SignalAnswer, SignalCandidate, SignalError]);
export type ServerSignal = z.infer<typeof ServerSignal>;

/** WebSocket close codes the server uses on the signaling socket (4000–4999 are ours). */
export const SignalCloseCode = {
  /** Normal end after an error message was sent. */
  ERROR: 4000,
  /** The session cookie is missing or invalid. */
  UNAUTHENTICATED: 4401,
  /** The user may not reach this workspace, or it does not exist. */
  FORBIDDEN: 4403,
} as const;
