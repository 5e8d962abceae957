import type { Updateable } from "kysely";
import type { Db } from "../db/database.js";
import type { NewWorkspaceRow, WorkspaceRow, WorkspaceTable } from "../db/schema.js";

export type WorkspaceStatus = WorkspaceRow["status"];

/** A workspace row with the names the API shows beside the ids. */
export type WorkspaceView = WorkspaceRow & { owner_name: string; provider_name: string };

/** Database access for workspaces; state changes are conditional updates, so races lose cleanly. */
export class WorkspaceStore {
  constructor(private readonly db: Db) {}

  #view() {
    return this.db
      .selectFrom("workspaces")
      .innerJoin("users", "users.id", "workspaces.owner_id")
      .innerJoin("providers", "providers.id", "workspaces.provider_id")
      .selectAll("workspaces")
      .select(["users.username as owner_name", "providers.name as provider_name"]);
  }

  listByOwner(ownerId: string): Promise<WorkspaceView[]> {
    return this.#view().where("workspaces.owner_id", "=", ownerId).orderBy("workspaces.created_at").execute();
  }

  get(id: string): Promise<WorkspaceView | undefined> {
    return this.#view().where("workspaces.id", "=", id).executeTakeFirst();
  }

  /** Workspaces whose compute should exist: reconciled on start-up, stopped on shutdown. */
  listActive(): Promise<WorkspaceView[]> {
    return this.#view().where("workspaces.status", "in", ["starting", "running", "stopping"]).execute();
  }

  /** Workspaces on a provider whose compute should be up (its poller looks at them). */
  listActiveOn(providerId: string): Promise<WorkspaceView[]> {
    return this.#view()
      .where("workspaces.provider_id", "=", providerId)
      .where("workspaces.status", "in", ["starting", "running"])
      .execute();
  }

  /** Inserts a workspace; false when the owner already has one with that name. */
  async insert(row: NewWorkspaceRow): Promise<boolean> {
    const result = await this.db
      .insertInto("workspaces")
      .values(row)
      .onConflict((oc) => oc.columns(["owner_id", "name"]).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Applies `patch` only if the status is one of `from`; true when it did. */
  async transition(id: string, from: WorkspaceStatus[], patch: Updateable<WorkspaceTable>): Promise<boolean> {
    const result = await this.db
      .updateTable("workspaces")
      .set(patch)
      .where("id", "=", id)
      .where("status", "in", from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async update(id: string, patch: Updateable<WorkspaceTable>): Promise<void> {
    await this.db.updateTable("workspaces").set(patch).where("id", "=", id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom("workspaces").where("id", "=", id).execute();
  }

  /** The workspace whose current agent token has this sha256, if any (revoked tokens match nothing). */
  async findByTokenHash(tokenHash: string): Promise<{ id: string } | undefined> {
    return this.db.selectFrom("workspaces").select("id").where("agent_token_hash", "=", tokenHash).executeTakeFirst();
  }

  /** Agent sockets live in this process only, so none is connected when it starts. */
  async clearAgentConnections(): Promise<void> {
    await this.db.updateTable("workspaces").set({ agent_connected: 0 }).where("agent_connected", "=", 1).execute();
  }
}
