import type { Updateable } from "kysely";
import type { Provider } from "../../protocol/rest.js";
import type { Db } from "../db/database.js";
import type { NewProviderRow, ProviderRow, ProviderTable } from "../db/schema.js";

/** The built-in provider's id; it always exists. */
export const LOCAL_PROVIDER_ID = "local";

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

/** A provider row with the number of workspaces placed on it. */
export type ProviderWithCount = ProviderRow & { workspace_count: number };

/** A workspace still on a provider, as PROVIDER_IN_USE names it. */
export interface ResidentWorkspace {
  id: string;
  name: string;
  ownerName: string;
}

/** Result of a health check, recorded only if the provider was not edited meanwhile. */
export interface CheckOutcome {
  status: ProviderRow["status"];
  status_message: string | null;
  last_checked_at: string;
}

export class ProviderStore {
  constructor(private readonly db: Db) {}

  #withCounts() {
    return this.db
      .selectFrom("providers")
      .selectAll("providers")
      .select((eb) =>
        eb
          .selectFrom("workspaces")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("workspaces.provider_id", "=", "providers.id")
          .as("workspace_count"),
      );
  }

  async list(): Promise<ProviderWithCount[]> {
    const rows = await this.#withCounts().orderBy("providers.created_at").orderBy("providers.name").execute();
    return rows.map(withNumericCount);
  }

  get(id: string): Promise<ProviderRow | undefined> {
    return this.db.selectFrom("providers").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async getWithCount(id: string): Promise<ProviderWithCount | undefined> {
    const row = await this.#withCounts().where("providers.id", "=", id).executeTakeFirst();
    return row && withNumericCount(row);
  }

  /** Inserts a provider; false when the name is taken. */
  async insert(row: NewProviderRow): Promise<boolean> {
    const result = await this.db
      .insertInto("providers")
      .values(row)
      .onConflict((oc) => oc.column("name").doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Applies an edit; false when another provider already has the new name (the column is unique). */
  async update(id: string, patch: Updateable<ProviderTable>): Promise<boolean> {
    try {
      await this.db.updateTable("providers").set(patch).where("id", "=", id).execute();
      return true;
    } catch (error) {
      if (/UNIQUE|unique/.test((error as Error).message)) return false;
      throw error;
    }
  }

  /** Records a health check unless the settings changed since it started (another revision). */
  async recordCheck(id: string, revision: number, outcome: CheckOutcome): Promise<void> {
    await this.db.updateTable("providers").set(outcome).where("id", "=", id).where("revision", "=", revision).execute();
  }

  /** Deletes a provider that has no workspaces; false if it still has some. */
  async deleteIfUnused(id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("providers")
      .where("id", "=", id)
      .where((eb) => eb.not(eb.exists(eb.selectFrom("workspaces").select("id").where("provider_id", "=", id))))
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  workspacesOn(id: string): Promise<ResidentWorkspace[]> {
    return this.db
      .selectFrom("workspaces")
      .innerJoin("users", "users.id", "workspaces.owner_id")
      .select(["workspaces.id as id", "workspaces.name as name", "users.username as ownerName"])
      .where("workspaces.provider_id", "=", id)
      .orderBy("users.username")
      .orderBy("workspaces.name")
      .execute();
  }
}

function withNumericCount<T extends { workspace_count: unknown }>(row: T): T & { workspace_count: number } {
  return { ...row, workspace_count: Number(row.workspace_count ?? 0) };
}
