import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Readable } from "node:stream";
import type { Config } from "../../config.ts";
import type { ImageType } from "../image-type.ts";
import { localDiskStorage } from "./local-disk.ts";

export interface StoredImage {
  body: Readable;
  contentType: string;
  bytes: number;
}

/**
 * Where uploaded product images live, by key. The local disk now; an S3-compatible store
 * implements the same three calls. Keys are random and unguessable: they are the public URL.
 */
export interface ImageStorage {
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<StoredImage | undefined>;
  delete(key: string): Promise<void>;
}

export const newStorageKey = (type: ImageType) =>
  `${randomBytes(24).toString("base64url")}.${type.ext}`;

const byDataDir = new Map<string, ImageStorage>();

/** The storage the configuration chooses: `<dataDir>/uploads/` on the local disk. */
export function imageStorageFor(config: Config): ImageStorage {
  let storage = byDataDir.get(config.dataDir);
  if (!storage) {
    storage = localDiskStorage(join(config.dataDir, "uploads"));
    byDataDir.set(config.dataDir, storage);
  }
  return storage;
}
