import type { Provider } from "../../protocol/rest.js";
import type { Db } from "../db/database.js";
import type { ProviderRow } from "../db/schema.js";

export function toApiProvider(row: ProviderRow): Provider {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    region: row.region,
    status: row.status,
    statusMessage: row.status_message,
    cordoned: row.cordoned === 1,
  };
}

/** True when members may place new workspaces on this provider. */
export function acceptsWorkspaces(row: ProviderRow): boolean {
  return row.status === "ready" && row.cordoned === 0;
}

export class ProviderStore {
  constructor(private readonly db: Db) {}

  list(): Promise<ProviderRow[]> {
    return this.db.selectFrom("providers").selectAll().orderBy("created_at").orderBy("name").execute();
  }

  get(id: string): Promise<ProviderRow | undefined> {
    return this.db.selectFrom("providers").selectAll().where("id", "=", id).executeTakeFirst();
  }
}
