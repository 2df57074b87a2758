// npm run build -w @stoflow/woo-plugin: dist/stoflow-for-woocommerce.zip, the file WordPress's
// "Upload Plugin" takes, with the plugin folder at its root and the .mo compiled from the .po.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";
import { translationFiles } from "./translations.ts";

const SLUG = "stoflow-for-woocommerce";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function filesOf(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesOf(path) : [path];
    });
}

/** Builds the zip; returns its path. */
export function buildZip(outDir = join(root, "dist")): string {
  const pluginDir = join(root, SLUG);
  const compiled = translationFiles(pluginDir).files;
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  const mtime = new Date("2026-01-01T00:00:00Z"); // same bytes for the same sources
  for (const path of filesOf(pluginDir)) {
    const content = path.endsWith(".mo") ? compiled.get(path) : undefined;
    entries[`${SLUG}/${relative(pluginDir, path)}`] = [
      new Uint8Array(content instanceof Buffer ? content : readFileSync(path)),
      { mtime },
    ];
  }
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, `${SLUG}.zip`);
  writeFileSync(zipPath, zipSync(entries, { level: 9 }));
  return zipPath;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = buildZip();
  console.log(`${relative(process.cwd(), path)} (${statSync(path).size} bytes)`);
}
