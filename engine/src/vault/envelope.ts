import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// Version 1: AES-256-GCM, 12-byte IV, 16-byte tag. Layout: [version][iv][tag][data].
// A new algorithm gets a new version byte; old blobs stay readable.
const V1 = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
export const KEY_BYTES = 32;

/** The blob is not a vault ciphertext, or the key or context do not match it. */
export class EnvelopeError extends Error {
  readonly reason: "format" | "authentication";
  constructor(reason: "format" | "authentication", message: string) {
    super(message);
    this.name = "EnvelopeError";
    this.reason = reason;
  }
}

/**
 * Encrypts and authenticates `plaintext`. `context` (additional authenticated data) binds
 * the blob to where it belongs, e.g. one tenant: moved elsewhere, it no longer opens.
 */
export function seal(key: Buffer, plaintext: Buffer, context: string): Buffer {
  if (key.length !== KEY_BYTES) throw new RangeError(`An AES-256 key has ${KEY_BYTES} bytes.`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([V1]), iv, cipher.getAuthTag(), data]);
}

/** The plaintext, or an EnvelopeError: never bytes that did not authenticate. */
export function open(key: Buffer, blob: Buffer, context: string): Buffer {
  if (blob.length < HEADER_BYTES || blob[0] !== V1) {
    throw new EnvelopeError(
      "format",
      blob.length === 0
        ? "The ciphertext is empty."
        : `Unknown ciphertext version ${blob[0]} (this engine reads version ${V1}).`,
    );
  }
  const iv = blob.subarray(1, 1 + IV_BYTES);
  const tag = blob.subarray(1 + IV_BYTES, HEADER_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(blob.subarray(HEADER_BYTES)), decipher.final()]);
  } catch {
    throw new EnvelopeError("authentication", "The ciphertext does not authenticate.");
  }
}
