import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/** AES-256-GCM: authenticated, so a tampered or misplaced ciphertext fails instead of decrypting to garbage. */
const CIPHER = "aes-256-gcm";
export const SECRET_KEY_BYTES = 32;
/** GCM's standard nonce size; a random nonce per encryption is safe far beyond our write volume. */
const NONCE_BYTES = 12;
/** Version tag of the stored format, so the scheme can change without guessing. */
const FORMAT = "v1";

/** Thrown when a stored secret cannot be decrypted: another key, or a tampered row. */
export class SecretDecryptionError extends Error {}

/**
 * Encrypts secrets at rest (provider tokens and keys) with the gateway's secret key. Each
 * ciphertext is bound to a context string (the provider id), so a row's secret cannot be
 * copied onto another row.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== SECRET_KEY_BYTES) throw new Error(`the secret key must be ${SECRET_KEY_BYTES} bytes`);
    this.#key = Buffer.from(key);
  }

  /** `v1:<nonce>:<tag>:<ciphertext>`, base64url parts. */
  seal(plaintext: string, context: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(CIPHER, this.#key, nonce);
    cipher.setAAD(Buffer.from(context));
    const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [FORMAT, nonce, cipher.getAuthTag(), sealed].map((part) => part.toString("base64url")).join(":");
  }

  open(stored: string, context: string): string {
    const [format, nonce, tag, sealed] = stored.split(":");
    if (format !== FORMAT || !nonce || !tag || sealed === undefined) {
      throw new SecretDecryptionError("unknown secret format");
    }
    try {
      const decipher = createDecipheriv(CIPHER, this.#key, Buffer.from(nonce, "base64url"));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(sealed, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      throw new SecretDecryptionError("the secret does not decrypt with this gateway's secret key");
    }
  }
}

/** A short, non-reversible tag of a secret, so an admin can tell whether it changed. */
export function fingerprint(secret: string): string {
  return `sha256:${createHash("sha256").update(secret).digest("hex").slice(0, 12)}`;
}
