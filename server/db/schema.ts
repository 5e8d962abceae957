import type { Generated, Insertable, Selectable } from "kysely";

/**
 * Row types of the gateway database. Portable on purpose so PostgreSQL can serve the same
 * schema: ids are UUID text, times are ISO-8601 text, booleans are 0/1 integers.
 */
export interface Database {
  users: UserTable;
  sessions: SessionTable;
  providers: ProviderTable;
  workspaces: WorkspaceTable;
}

export type UserRow = Selectable<UserTable>;
export type ProviderRow = Selectable<ProviderTable>;
export type NewProviderRow = Insertable<ProviderTable>;
export type WorkspaceRow = Selectable<WorkspaceTable>;
export type NewWorkspaceRow = Insertable<WorkspaceTable>;

export interface UserTable {
  id: string;
  username: string;
  /** `scrypt$N$r$p$salt$hash`, see auth/passwords.ts. */
  password_hash: string;
  role: "admin" | "member";
  created_at: string;
}

export interface SessionTable {
  /** sha256 (hex) of the cookie token; the token itself is never stored. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface ProviderTable {
  id: string;
  name: string;
  kind: "local" | "kubernetes" | "docker";
  region: string;
  status: "pending" | "ready" | "error";
  status_message: string | null;
  cordoned: Generated<number>;
  /** Per-kind settings as JSON, without secrets. */
  settings: string;
  /** Per-kind secrets as JSON, sealed by `SecretBox` (AES-256-GCM); null when the kind has none. */
  secrets: string | null;
  cordon_reason: string | null;
  last_checked_at: string | null;
  /** Bumped by every settings change; a health check only records its result for the revision it checked. */
  revision: Generated<number>;
  /** TURN servers of the provider's region as a JSON array of URLs; null when it names none. */
  turn_urls: string | null;
  created_at: string;
}

export interface WorkspaceTable {
  id: string;
  name: string;
  owner_id: string;
  provider_id: string;
  status: "stopped" | "starting" | "running" | "stopping" | "failed";
  status_message: string | null;
  /** sha256 (hex) of the current agent token; null while stopped (token revoked). */
  agent_token_hash: string | null;
  agent_connected: Generated<number>;
  agent_last_seen_at: string | null;
  agent_version: string | null;
  /** What the provider needs to find the compute again (local: `{"pid":123}`), as JSON. */
  provider_state: string | null;
  created_at: string;
}
