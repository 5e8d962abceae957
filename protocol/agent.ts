import { z } from "zod";
import { ErrorCode } from "./errors.js";
import { WorkspaceConnection } from "./rest.js";
import { IceCandidate, IceServer, Sdp } from "./signaling.js";
import { AppName } from "./streams.js";

/**
 * Gateway ⇄ agent, over the WebSocket the agent dials out to `GET /api/v1/agent/connect`
 * with `Authorization: Bearer <agent token>`. A workspace never listens on an inbound port;
 * this socket is the only way the gateway reaches the agent, and it only carries signaling
 * (plus, in bench mode only, the relayed-PTY reference used by `npm run bench`).
 *
 * Sequence: agent → `hello`; server → `welcome` (or `error` and close). Then the server
 * sends `peer-offer` for each browser connection attempt; the agent replies `peer-answer`
 * and trickles `peer-candidate`s; the server forwards browser candidates the same way. The
 * agent sends `peer-paths` after every `welcome` and whenever its connected peers change.
 * Text frames are JSON messages below; binary frames are bench-relay data (`relay.ts`).
 */

/** Agent → server, first message. */
export const AgentHello = z.object({
  type: z.literal("hello"),
  protocolVersion: z.number().int(),
  /** Agent build version, shown on the dashboard. */
  version: z.string().max(64),
  /** Apps this agent can start on demand (code-server when it is installed). */
  apps: z.array(AppName).max(16).default([]),
});

/** Server → agent: accepted; names the workspace this token belongs to. */
export const AgentWelcome = z.object({
  type: z.literal("welcome"),
  workspaceId: z.string().uuid(),
  /** Interval at which the server expects the agent's `heartbeat`, in ms. */
  heartbeatIntervalMs: z.number().int().positive(),
});

/** Agent → server: keeps `lastSeenAt` fresh and lets both sides notice a dead socket. */
export const AgentHeartbeat = z.object({ type: z.literal("heartbeat") });

/**
 * Server → agent: a browser wants a peer connection. The user was authenticated and
 * authorized by the server; the agent accepts offers only from this socket, so the DTLS
 * fingerprint in `sdp` is the one the gateway vouched for.
 */
export const PeerOffer = z.object({
  type: z.literal("peer-offer"),
  connectionId: z.string().uuid(),
  sdp: Sdp,
  iceServers: z.array(IceServer),
  /** The user on whose behalf the browser connects, for the agent's logs. */
  username: z.string(),
  /**
   * Absent: a dashboard connection, which may open every stream kind. Present: a connection
   * from an app origin, which may open only `http` and `ws` channels to that one app. The
   * gateway signs it with a key derived from the agent token, and the agent refuses the
   * offer (FORBIDDEN) unless the signature, the connection id, the workspace and the expiry
   * check out (docs/adr/0007-app-origins.md).
   */
  grant: z.string().max(2048).optional(),
});

/** Agent → server: the answer to `peer-offer`. */
export const PeerAnswer = z.object({ type: z.literal("peer-answer"), connectionId: z.string().uuid(), sdp: Sdp });

/** Both ways: a trickled ICE candidate for one connection. */
export const PeerCandidate = z.object({
  type: z.literal("peer-candidate"),
  connectionId: z.string().uuid(),
  candidate: IceCandidate,
});

/** Most peers an agent reports; it holds at most 64 (agent/peer/PeerHost.ts). */
export const MAX_REPORTED_PEERS = 64;

/**
 * Agent → server: every connected peer and the network path it uses, in full (each message
 * replaces the previous one). The dashboard shows them; they vanish with the agent's socket.
 */
export const PeerPaths = z.object({
  type: z.literal("peer-paths"),
  connections: z.array(WorkspaceConnection.extend({ connectionId: z.string().uuid() })).max(MAX_REPORTED_PEERS),
});
export type PeerPaths = z.infer<typeof PeerPaths>;

/** Most listening ports an agent reports. */
export const MAX_REPORTED_PORTS = 64;

/**
 * Agent → server: every TCP port a process of the workspace listens on (on loopback or on
 * all addresses), in full, after every `welcome` and whenever the set changes. Ports of apps
 * the agent runs itself (code-server) are left out: they have their own entry.
 */
export const AgentPorts = z.object({
  type: z.literal("ports"),
  ports: z
    .array(
      z.object({
        port: z.number().int().min(1).max(65535),
        /** The process's name (/proc/<pid>/comm), or null when the agent could not read it. */
        process: z.string().max(64).nullable(),
      }),
    )
    .max(MAX_REPORTED_PORTS),
});
export type AgentPorts = z.infer<typeof AgentPorts>;

/** Server → agent: the browser's signaling socket closed before the peer connected. */
export const PeerCancel = z.object({ type: z.literal("peer-cancel"), connectionId: z.string().uuid() });

/** Either way: a typed error, optionally about one connection. */
export const AgentError = z.object({
  type: z.literal("error"),
  code: ErrorCode,
  message: z.string(),
  connectionId: z.string().uuid().optional(),
});

/** Server → agent (bench mode): open a relayed attachment to a PTY session. */
export const RelayOpen = z.object({
  type: z.literal("relay-open"),
  streamId: z.number().int().min(1).max(0xffffffff),
  session: z.string().uuid(),
  cols: z.number().int(),
  rows: z.number().int(),
});

/** Either way (bench mode): the relayed attachment ended. */
export const RelayClose = z.object({
  type: z.literal("relay-close"),
  streamId: z.number().int().min(1).max(0xffffffff),
});

/** Messages the agent sends. */
export const AgentToServer = z.discriminatedUnion("type", [
  AgentHello,
  AgentHeartbeat,
  PeerAnswer,
  PeerCandidate,
  PeerPaths,
  AgentPorts,
  AgentError,
  RelayClose,
]);
export type AgentToServer = z.infer<typeof AgentToServer>;

/** Messages the server sends. */
export const ServerToAgent = z.discriminatedUnion("type", [
  AgentWelcome,
  PeerOffer,
  PeerCandidate,
  PeerCancel,
  AgentError,
  RelayOpen,
  RelayClose,
]);
export type ServerToAgent = z.infer<typeof ServerToAgent>;

/** Close codes on the agent socket. */
export const AgentCloseCode = {
  /** Bad or revoked token: the agent keeps retrying with backoff (it may be restarted). */
  INVALID_TOKEN: 4401,
  /** A newer socket with the same token replaced this one. */
  REPLACED: 4409,
  PROTOCOL_MISMATCH: 4400,
} as const;
