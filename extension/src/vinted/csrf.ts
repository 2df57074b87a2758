// Vinted puts the CSRF token in the HTML of any logged-in page: a `csrf-token` meta tag, and
// a `csrf_token` value in the page's embedded JSON (sometimes JSON inside a JS string, so the
// quotes arrive escaped). Either will do.

const META = /<meta\s+[^>]*name=["']csrf-token["'][^>]*content=["']([^"']+)["']/i;
const META_REVERSED = /<meta\s+[^>]*content=["']([^"']+)["'][^>]*name=["']csrf-token["']/i;
const EMBEDDED = /csrf_token\\*"\s*:\s*\\*"([^"\\]{8,512})\\*"/i;

export function parseCsrfToken(html: string): string | undefined {
  for (const pattern of [META, META_REVERSED, EMBEDDED]) {
    const found = pattern.exec(html)?.[1]?.trim();
    if (found) return found;
  }
  return undefined;
}
