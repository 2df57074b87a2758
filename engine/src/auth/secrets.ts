import { createHash, randomBytes } from "node:crypto";

/** A high-entropy secret with a readable prefix; only its hash is stored. */
export function newSecret(prefix: string): { value: string; hash: string } {
  const value = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { value, hash: hashSecret(value) };
}

// SHA-256 suffices for 256-bit random secrets (no dictionary to attack), and it is indexable.
export function hashSecret(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
