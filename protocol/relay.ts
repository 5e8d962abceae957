/**
 * Bench-mode reference only: the reverse-proxy architecture Gangway replaces, where every
 * terminal byte passes through the gateway. Enabled by `GANGWAY_BENCH_RELAY=1`; never in
 * normal operation.
 *
 * Browser ⇄ server: WebSocket `GET /api/v1/workspaces/:id/bench-relay?session=<uuid>&cols=&rows=`,
 * binary frames carry raw PTY bytes (input up, output down).
 * Server ⇄ agent: `relay-open` / `relay-close` JSON messages (agent.ts) and binary frames
 * whose first 4 bytes are the big-endian stream id, followed by the raw PTY bytes.
 */
export const RELAY_HEADER_BYTES = 4;

/** Prefixes `payload` with the stream id for the agent socket. */
export function encodeRelayFrame(streamId: number, payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(RELAY_HEADER_BYTES + payload.byteLength);
  new DataView(frame.buffer).setUint32(0, streamId);
  frame.set(payload, RELAY_HEADER_BYTES);
  return frame;
}

/** Splits an agent-socket binary frame; null when it is too short to hold a stream id. */
export function decodeRelayFrame(frame: Uint8Array): { streamId: number; payload: Uint8Array } | null {
  if (frame.byteLength < RELAY_HEADER_BYTES) return null;
  const streamId = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0);
  return { streamId, payload: frame.subarray(RELAY_HEADER_BYTES) };
}
