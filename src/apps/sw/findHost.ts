import type { HostPing } from "../shared/bridge";

/** A host page answers a ping at once; a client that does not within this is no host page. */
export const HOST_PING_TIMEOUT_MS = 3000;

/**
 * A host page of this origin to send a request to, found anew for every request so that a
 * service worker restart loses nothing. Every top-level window of an app origin is a host
 * page, except the gateway's "open this app from the dashboard" page, so the candidates are
 * pinged and the first to answer wins (a focused or visible tab first: it answers first).
 */
export async function findHostPage(clients: Clients, timeoutMs = HOST_PING_TIMEOUT_MS): Promise<Client | null> {
  const windows = (await clients.matchAll({ type: "window", includeUncontrolled: true })) as WindowClient[];
  const candidates = windows.filter((client) => client.frameType === "top-level").sort((a, b) => rank(b) - rank(a));
  if (candidates.length === 0) return null;
  try {
    return await Promise.any(candidates.map((client) => ping(client, timeoutMs)));
  } catch {
    return null;
  }
}

function rank(client: WindowClient): number {
  return (client.focused ? 2 : 0) + (client.visibilityState === "visible" ? 1 : 0);
}

function ping(client: Client, timeoutMs: number): Promise<Client> {
  const channel = new MessageChannel();
  return new Promise<Client>((resolve, reject) => {
    const timer = setTimeout(() => {
      channel.port1.close();
      reject(new Error("no answer"));
    }, timeoutMs);
    channel.port1.onmessage = (event: MessageEvent<{ type?: string }>) => {
      if (event.data?.type !== "gangway-pong") return;
      clearTimeout(timer);
      channel.port1.close();
      resolve(client);
    };
    client.postMessage({ type: "gangway-ping" } satisfies HostPing, [channel.port2]);
  });
}
