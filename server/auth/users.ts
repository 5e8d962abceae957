import { randomUUID } from "node:crypto";
import type { Role, User } from "../../protocol/rest.js";
import type { Db } from "../db/database.js";
import type { UserRow } from "../db/schema.js";
import { ApiError } from "../http/errors.js";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./passwords.js";

export function toApiUser(row: UserRow): User {
  return { id: row.id, username: row.username, role: row.role, createdAt: row.created_at };
}

/** Users and their credentials. */
export class UserStore {
  /** Becomes true once and stays true: users are never deleted, so setup cannot reopen. */
  #setupDone = false;

  constructor(private readonly db: Db) {}

  async needsSetup(): Promise<boolean> {
    if (this.#setupDone) return false;
    const row = await this.db.selectFrom("users").select("id").limit(1).executeTakeFirst();
    this.#setupDone = row !== undefined;
    return !this.#setupDone;
  }

  /** Creates a user; a taken username is a 409 CONFLICT. */
  async create(username: string, password: string, role: Role): Promise<UserRow> {
    const row: UserRow = {
      id: randomUUID(),
      username,
      password_hash: await hashPassword(password),
      role,
      created_at: new Date().toISOString(),
    };
    const inserted = await this.db
      .insertInto("users")
      .values(row)
      .onConflict((oc) => oc.column("username").doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      throw new ApiError(409, "CONFLICT", `The username "${username}" is taken.`);
    }
    this.#setupDone = true;
    return row;
  }

  /** Creates the first admin, atomically refusing once any user exists. */
  async createFirstAdmin(username: string, password: string): Promise<UserRow> {
    const refused = new ApiError(409, "SETUP_ALREADY_DONE", "Setup was already completed; sign in instead.");
    if (!(await this.needsSetup())) throw refused;
    const passwordHash = await hashPassword(password);
    const row = await this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom("users").select("id").limit(1).executeTakeFirst();
      if (existing) return null;
      const user: UserRow = {
        id: randomUUID(),
        username,
        password_hash: passwordHash,
        role: "admin",
        created_at: new Date().toISOString(),
      };
      await trx.insertInto("users").values(user).execute();
      return user;
    });
    if (!row) throw refused;
    this.#setupDone = true;
    return row;
  }

  /** The user for these credentials, or null; unknown names take as long as wrong passwords. */
  async authenticate(username: string, password: string): Promise<UserRow | null> {
    const row = await this.db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
    const ok = await verifyPassword(password, row?.password_hash ?? (await dummyPasswordHash()));
    return row && ok ? row : null;
  }

  list(): Promise<UserRow[]> {
    return this.db.selectFrom("users").selectAll().orderBy("created_at").orderBy("username").execute();
  }
}
