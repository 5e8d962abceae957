import type { Kysely } from "kysely";

/** TURN servers of a provider's region, as a JSON array of URLs; null: the gateway's own only. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("providers").addColumn("turn_urls", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("providers").dropColumn("turn_urls").execute();
}
