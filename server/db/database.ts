import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, type Migration, Migrator, SqliteDialect } from "kysely";
import * as init from "./migrations/0001_init.js";
import * as providerManagement from "./migrations/0002_provider_management.js";
import * as providerTurn from "./migrations/0003_provider_turn.js";
import type { Database } from "./schema.js";

export type Db = Kysely<Database>;

/** Every migration, in order. Names sort lexically, so keep the number prefix. */
const MIGRATIONS: Record<string, Migration> = {
  "0001_init": init,
  "0002_provider_management": providerManagement,
  "0003_provider_turn": providerTurn,
};

/** Opens (creating if needed) `<dataDir>/gangway.db` in WAL mode and migrates it to the latest schema. */
export async function openDatabase(dataDir: string): Promise<Db> {
  fs.mkdirSync(dataDir, { recursive: true });
  const sqlite = new SqliteDatabase(path.join(dataDir, "gangway.db"));
  // WAL lets readers proceed during a write; foreign keys are off by default in SQLite.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

async function migrate(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}
