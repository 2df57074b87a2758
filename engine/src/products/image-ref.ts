/** Path under which uploaded images are served; an image's `url` is this plus its key. */
export const MEDIA_PREFIX = "/media/";
/** Keys are random (unguessable) names with the image's extension. */
export const STORAGE_KEY = /^[A-Za-z0-9_-]{16,64}\.(jpg|png|webp)$/;

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The storage key behind a `/media/...` reference, or undefined for a remote URL. */
export function mediaKey(ref: string): string | undefined {
  if (!ref.startsWith(MEDIA_PREFIX)) return undefined;
  const key = ref.slice(MEDIA_PREFIX.length);
  return STORAGE_KEY.test(key) ? key : undefined;
}

/** Remote images must be https; plain http is accepted for a local test server only. */
export function isRemoteImageUrl(ref: string): boolean {
  if (!URL.canParse(ref)) return false;
  const url = new URL(ref);
  if (url.username || url.password) return false;
  return url.protocol === "https:" || (url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname));
}

export const isImageRef = (ref: string) => mediaKey(ref) !== undefined || isRemoteImageUrl(ref);
