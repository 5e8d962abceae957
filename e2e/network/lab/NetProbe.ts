import { fileURLToPath } from "node:url";
import type { Namespace } from "./Namespace.js";
import { NodeInNamespace } from "./NodeInNamespace.js";
import type { NetProbeMethods } from "./probes/netProbeApi.js";

const SCRIPT = fileURLToPath(new URL("./probes/netProbe.ts", import.meta.url));

/** UDP/TCP/HTTP tools running inside a namespace (probes/netProbe.ts); dispose() ends them. */
export type NetProbe = NodeInNamespace<NetProbeMethods, Record<string, never>>;

export function startNetProbe(namespace: Namespace): Promise<NetProbe> {
  return NodeInNamespace.start<NetProbeMethods, Record<string, never>>(namespace, SCRIPT);
}
