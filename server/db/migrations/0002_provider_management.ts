import type { Kysely } from "kysely";

/**
 * Provider management: encrypted secrets, cordon reason, health-check time, and a revision
 * that lets a health check started before an edit lose against it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite adds one column per ALTER TABLE.
  await db.schema.alterTable("providers").addColumn("secrets", "text").execute();
  await db.schema.alterTable("providers").addColumn("cordon_reason", "text").execute();
  await db.schema.alterTable("providers").addColumn("last_checked_at", "text").execute();
  await db.schema
    .alterTable("providers")
    .addColumn("revision", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("workspaces_provider_id").on("workspaces").column("provider_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("workspaces_provider_id").execute();
  for (const column of ["revision", "last_checked_at", "cordon_reason", "secrets"]) {
    await db.schema.alterTable("providers").dropColumn(column).execute();
  }
}
