// Photos go up one request each, grouped under the item's upload session uuid.

import { FormData } from "undici";
import type { ChannelSession, ListingPhoto } from "../channel.ts";
import type { VintedCall } from "./http.ts";
import { photoSchema } from "./schemas.ts";

const EXTENSION: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
};

/** Uploads the photos in order and returns their Vinted ids, in the same order. */
export async function uploadPhotos(
  call: VintedCall,
  session: ChannelSession,
  photos: ListingPhoto[],
  uploadSessionId: string,
): Promise<number[]> {
  const ids: number[] = [];
  for (const [index, photo] of photos.entries()) {
    const form = new FormData();
    form.set("photo[type]", "item");
    form.set("photo[temp_uuid]", uploadSessionId);
    const name = `photo-${index + 1}.${EXTENSION[photo.contentType] ?? "jpg"}`;
    form.set(
      "photo[file]",
      new Blob([new Uint8Array(photo.data)], { type: photo.contentType }),
      name,
    );
    const answer = await call(session, {
      method: "POST",
      path: "/api/v2/photos",
      form,
      schema: photoSchema,
    });
    ids.push(answer.id);
  }
  return ids;
}
