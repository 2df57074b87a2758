import type { Logger } from "../../logger.ts";
import type { ImageStorage } from "./image-storage.ts";

/**
 * Deletes files whose rows are gone (after the commit, never before: a rolled-back delete
 * must not lose files). A failure leaves an orphan file, logged, never an error for the seller.
 */
export async function discardImages(
  storage: ImageStorage,
  keys: string[],
  log: Logger,
): Promise<void> {
  await Promise.all(
    keys.map((key) =>
      storage.delete(key).catch((err) => log.warn({ err, key }, "Could not delete an image file")),
    ),
  );
}
