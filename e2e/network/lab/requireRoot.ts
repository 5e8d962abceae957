/**
 * The network lab creates namespaces, links and firewall rules, which needs root
 * (CAP_NET_ADMIN and CAP_SYS_ADMIN for `ip netns`). Returns why the lab cannot run here, or
 * undefined when it can. In CI (`CI=true`) the lab must run, so a missing privilege throws.
 */
export function requireRoot(): string | undefined {
  const uid = process.getuid?.();
  if (uid === 0) return undefined;
  const reason = `the network lab needs root to create network namespaces (running as uid ${uid ?? "unknown"})`;
  if (process.env.CI === "true") throw new Error(`${reason}; CI must run it as root`);
  return reason;
}
