import { endianness } from "node:os";

/** A TCP socket in LISTEN state that a browser could reach through the agent. */
export interface ListeningSocket {
  readonly port: number;
  /** The socket's inode, which links it to the processes holding it (/proc/<pid>/fd). */
  readonly inode: number;
}

/** `st` of a listening socket in /proc/net/tcp (TCP_LISTEN). */
const TCP_LISTEN = "0A";

const SLOT = /^\d+:$/;
const LOCAL_ADDRESS = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/;
const STATE = /^[0-9A-Fa-f]{2}$/;
const INODE = /^\d{1,20}$/;

/**
 * The listening sockets in the text of /proc/net/tcp or /proc/net/tcp6 that are bound to
 * loopback or to every address (the ones the agent can connect to on 127.0.0.1 or ::1).
 * Lines that do not look like the kernel's format are skipped, never thrown on.
 * `byteOrder` is the kernel's (the agent's host's), in which it prints address words.
 */
export function parseProcNetTcp(text: string, byteOrder: "BE" | "LE" = endianness()): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const line of text.split("\n")) {
    const fields = line.trim().split(/\s+/);
    // sl, local_address, rem_address, st, tx:rx queue, tr:when, retrnsmt, uid, timeout, inode
    if (fields.length < 10 || !SLOT.test(fields[0] as string)) continue;
    const local = LOCAL_ADDRESS.exec(fields[1] as string);
    const state = fields[3] as string;
    const inode = fields[9] as string;
    if (!local || !STATE.test(state) || state.toUpperCase() !== TCP_LISTEN || !INODE.test(inode)) continue;
    const port = Number.parseInt(local[2] as string, 16);
    const address = addressBytes(local[1] as string, byteOrder);
    if (port === 0 || Number(inode) === 0 || !isReachable(address)) continue;
    sockets.push({ port, inode: Number(inode) });
  }
  return sockets;
}

/**
 * An address as the kernel prints it, in network byte order: 32-bit words in hex, each as
 * the host stores it (so reversed on little-endian machines).
 */
function addressBytes(hex: string, byteOrder: "BE" | "LE"): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let word = 0; word < hex.length / 8; word++) {
    for (let index = 0; index < 4; index++) {
      const from = byteOrder === "LE" ? 3 - index : index;
      bytes[word * 4 + index] = Number.parseInt(hex.slice(word * 8 + from * 2, word * 8 + from * 2 + 2), 16);
    }
  }
  return bytes;
}

/** Loopback (127.0.0.0/8, ::1, ::ffff:127.x) or the any-address (0.0.0.0, ::, ::ffff:0.0.0.0). */
function isReachable(address: Uint8Array): boolean {
  if (address.length === 4) return address[0] === 127 || address.every((byte) => byte === 0);
  const mapped = address.subarray(0, 10).every((byte) => byte === 0) && address[10] === 0xff && address[11] === 0xff;
  if (mapped) return isReachable(address.subarray(12));
  const zeroPrefix = address.subarray(0, 15).every((byte) => byte === 0);
  return zeroPrefix && (address[15] === 0 || address[15] === 1);
}
