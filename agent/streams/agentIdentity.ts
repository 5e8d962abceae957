import { arch, hostname, release, type } from "node:os";

/** What the control channel's hello says about this end. */
export interface AgentIdentity {
  readonly agentVersion: string;
  readonly hostname: string;
  readonly os: string;
}

export function localAgentIdentity(agentVersion: string): AgentIdentity {
  return { agentVersion, hostname: hostname(), os: `${type()} ${release()} ${arch()}` };
}
