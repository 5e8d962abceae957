import { readdir, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";

/** A process holding a socket. */
export interface SocketOwner {
  readonly pid: number;
  /** /proc/<pid>/comm, or null when it could not be read (the process just exited). */
  readonly name: string | null;
}

/** Longest process name reported (the protocol's limit; the kernel's comm is 15 bytes). */
const MAX_NAME_LENGTH = 64;

const SOCKET_LINK = /^socket:\[(\d+)\]$/;

/**
 * Which readable processes hold which of these socket inodes, from the /proc/<pid>/fd links.
 * Processes the agent may not inspect (other users', without privileges) are skipped, so
 * their sockets stay unowned. Processes and fds that vanish mid-scan are skipped too.
 */
export async function findSocketOwners(
  procRoot: string,
  inodes: ReadonlySet<number>,
): Promise<Map<number, SocketOwner>> {
  const owners = new Map<number, SocketOwner>();
  if (inodes.size === 0) return owners;
  for (const pid of await processIds(procRoot)) {
    const held = await socketsOf(procRoot, pid, inodes);
    if (held.length === 0) continue;
    const owner = { pid, name: await processName(procRoot, pid) };
    for (const inode of held) if (!owners.has(inode)) owners.set(inode, owner);
    if (owners.size === inodes.size) break;
  }
  return owners;
}

async function processIds(procRoot: string): Promise<number[]> {
  const entries = await readdir(procRoot).catch(() => [] as string[]);
  return entries.filter((entry) => /^\d+$/.test(entry)).map(Number);
}

async function socketsOf(procRoot: string, pid: number, inodes: ReadonlySet<number>): Promise<number[]> {
  const fdDir = join(procRoot, String(pid), "fd");
  const fds = await readdir(fdDir).catch(() => [] as string[]);
  const held: number[] = [];
  for (const fd of fds) {
    const target = await readlink(join(fdDir, fd)).catch(() => "");
    const inode = Number(SOCKET_LINK.exec(target)?.[1] ?? Number.NaN);
    if (inodes.has(inode)) held.push(inode);
  }
  return held;
}

async function processName(procRoot: string, pid: number): Promise<string | null> {
  const comm = await readFile(join(procRoot, String(pid), "comm"), "utf8").catch(() => null);
  const name = comm?.trim().slice(0, MAX_NAME_LENGTH);
  return name ? name : null;
}

/** Longest parent chain followed; deeper process trees are not the workspace's. */
const MAX_ANCESTRY_DEPTH = 64;

/**
 * Whether `pid` is `ancestor` or one of its descendants, from the parent pids in
 * /proc/<pid>/stat. A process that daemonized (re-parented to init) is no longer one.
 */
export async function descendsFrom(procRoot: string, pid: number, ancestor: number): Promise<boolean> {
  let current = pid;
  for (let depth = 0; depth < MAX_ANCESTRY_DEPTH; depth++) {
    if (current === ancestor) return true;
    const parent = await parentPid(procRoot, current);
    if (parent === null || parent <= 0 || parent === current) return false;
    current = parent;
  }
  return false;
}

/** The parent pid: the second field after the command name, which may itself hold ") ". */
async function parentPid(procRoot: string, pid: number): Promise<number | null> {
  const stat = await readFile(join(procRoot, String(pid), "stat"), "utf8").catch(() => null);
  const afterName = stat
    ?.slice(stat.lastIndexOf(")") + 1)
    .trim()
    .split(/\s+/);
  const parent = Number(afterName?.[1]);
  return Number.isInteger(parent) ? parent : null;
}
