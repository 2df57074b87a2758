import { createReadStream } from "node:fs";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { STORAGE_KEY } from "../image-ref.ts";
import { IMAGE_TYPES, type ImageType } from "../image-type.ts";
import type { ImageStorage } from "./image-storage.ts";

function pathOf(root: string, key: string): string {
  // Keys come from URLs: only our own key shape ever reaches the file system.
  if (!STORAGE_KEY.test(key)) throw new Error(`Not a storage key: ${key}`);
  return join(root, key);
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === "ENOENT";

/** Files in one folder, named by their key; written whole (temp file, then rename). */
export function localDiskStorage(root: string): ImageStorage {
  return {
    async put(key, data) {
      const path = pathOf(root, key);
      await mkdir(root, { recursive: true });
      const temp = `${path}.${process.pid}.tmp`;
      await writeFile(temp, data, { flag: "wx" });
      await rename(temp, path);
    },
    async get(key) {
      if (!STORAGE_KEY.test(key)) return undefined;
      const path = pathOf(root, key);
      try {
        const { size } = await stat(path);
        const ext = key.slice(key.lastIndexOf(".") + 1) as ImageType["ext"];
        return {
          body: createReadStream(path),
          contentType: IMAGE_TYPES[ext].contentType,
          bytes: size,
        };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async delete(key) {
      await rm(pathOf(root, key), { force: true });
    },
  };
}
