import { hkdfSync } from "node:crypto";

export interface Keys {
  /** HMAC key for access tokens, derived so there is one secret to keep: the master key. */
  jwt: Uint8Array;
}

export function deriveKeys(masterKey: Buffer): Keys {
  return { jwt: new Uint8Array(hkdfSync("sha256", masterKey, "stoflow", "jwt-hs256", 32)) };
}
