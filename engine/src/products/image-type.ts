export interface ImageType {
  ext: "jpg" | "png" | "webp";
  contentType: string;
}

export const IMAGE_TYPES: Record<ImageType["ext"], ImageType> = {
  jpg: { ext: "jpg", contentType: "image/jpeg" },
  png: { ext: "png", contentType: "image/png" },
  webp: { ext: "webp", contentType: "image/webp" },
};

const startsWith = (data: Buffer, bytes: number[], offset = 0) =>
  data.length >= offset + bytes.length && bytes.every((b, i) => data[offset + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * The image type from the file's first bytes, whatever its name or declared type says:
 * JPEG, PNG and WebP are accepted, anything else is undefined.
 */
export function sniffImageType(data: Buffer): ImageType | undefined {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return IMAGE_TYPES.jpg;
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return IMAGE_TYPES.png;
  if (startsWith(data, ascii("RIFF")) && startsWith(data, ascii("WEBP"), 8)) {
    return IMAGE_TYPES.webp;
  }
  return undefined;
}
