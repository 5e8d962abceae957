import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import { SECRET_KEY_BYTES } from "./SecretBox.js";

/** File in the data dir holding the generated key when GANGWAY_SECRET_KEY is not set. */
export const SECRET_KEY_FILE = "secret.key";

/** Owner read/write only: the keys decrypt every provider credential and sign app access. */
const KEY_FILE_MODE = 0o600;

/** Parses GANGWAY_SECRET_KEY: 32 bytes as base64 (44 characters) or hex (64 digits); null if malformed. */
export function parseSecretKey(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const key = Buffer.from(value, value.includes("-") || value.includes("_") ? "base64url" : "base64");
    if (key.length === SECRET_KEY_BYTES) return key;
  }
  return null;
}

/**
 * The key from configuration, or the one in `<dataDir>/secret.key`, generated (mode 0600) on
 * the first start. Never logs the key itself.
 */
export function loadSecretKey(configured: Buffer | undefined, dataDir: string, log: Logger): Buffer {
  if (configured) {
    log.info("secrets are encrypted with the key from GANGWAY_SECRET_KEY");
    return configured;
  }
  return loadKeyFile(path.join(dataDir, SECRET_KEY_FILE), "the secret key for provider credentials", log);
}

/**
 * The 32-byte key in `file` (base64), generated with mode 0600 when the file does not exist
 * yet; `what` names it in the log. Warns when others may read the file; never logs the key.
 */
export function loadKeyFile(file: string, what: string, log: Logger): Buffer {
  try {
    fs.writeFileSync(file, `${randomBytes(SECRET_KEY_BYTES).toString("base64")}\n`, {
      mode: KEY_FILE_MODE,
      flag: "wx",
    });
    log.info({ file }, `generated ${what}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  if ((fs.statSync(file).mode & 0o077) !== 0) {
    log.warn({ file }, `the file holding ${what} is readable by other users; run chmod 600 on it`);
  }
  const key = parseSecretKey(fs.readFileSync(file, "utf8"));
  if (!key) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}
