import { type Kysely, sql } from "kysely";

/** Users, sessions, providers (with the built-in local one) and workspaces. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("username", "text", (col) => col.notNull().unique())
    .addColumn("password_hash", "text", (col) => col.notNull())
    .addColumn("role", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("expires_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("sessions_user_id").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("providers")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("name", "text", (col) => col.notNull().unique())
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("region", "text", (col) => col.notNull())
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("status_message", "text")
    .addColumn("cordoned", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("settings", "text", (col) => col.notNull().defaultTo("{}"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("workspaces")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("owner_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("provider_id", "text", (col) => col.notNull().references("providers.id"))
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("status_message", "text")
    .addColumn("agent_token_hash", "text", (col) => col.unique())
    .addColumn("agent_connected", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("agent_last_seen_at", "text")
    .addColumn("agent_version", "text")
    .addColumn("provider_state", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addUniqueConstraint("workspaces_owner_name", ["owner_id", "name"])
    .execute();

  await sql`insert into providers (id, name, kind, region, status, status_message, cordoned, settings, created_at)
    values ('local', 'local', 'local', 'local', 'ready', null, 0, '{}', ${new Date().toISOString()})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("workspaces").execute();
  await db.schema.dropTable("providers").execute();
  await db.schema.dropTable("sessions").execute();
  await db.schema.dropTable("users").execute();
}
