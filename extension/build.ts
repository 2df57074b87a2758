// Builds the extension for Chrome and Firefox: bundles the TypeScript with esbuild's JS API,
// writes each manifest, and zips each package. `npm run build -w @stoflow/extension`.

import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { zipSync } from "fflate";
import { ICON_SIZES, iconPng } from "./icons.ts";
import { manifestFor, type Target } from "./manifest.ts";

const ROOT = dirname(fileURLToPath(import.meta.url));
const TARGETS: Target[] = ["chrome", "firefox"];

export interface BuiltExtension {
  /** Unpacked folders, loadable as is (Chrome "Load unpacked", Firefox "about:debugging"). */
  dirs: Record<Target, string>;
  zips: Record<Target, string>;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function zipFolder(dir: string, zipPath: string): Promise<void> {
  const files: Record<string, Uint8Array> = {};
  for (const file of (await filesUnder(dir)).sort()) {
    files[relative(dir, file).split("\\").join("/")] = await readFile(file);
  }
  // A fixed date: the same sources give the same zip.
  await writeFile(zipPath, zipSync(files, { level: 9, mtime: new Date("2026-01-01T00:00:00Z") }));
}

async function buildTarget(target: Target, outDir: string, version: string): Promise<string> {
  const dir = join(outDir, target);
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, "icons"), { recursive: true });
  await build({
    entryPoints: {
      background: join(ROOT, "src/background/index.ts"),
      popup: join(ROOT, "src/popup/popup.ts"),
    },
    outdir: dir,
    bundle: true,
    format: "iife",
    target: target === "chrome" ? "chrome120" : "firefox128",
    define: { __BROWSER__: JSON.stringify(target) },
    legalComments: "none",
    logLevel: "warning",
  });
  await cp(join(ROOT, "src/popup/popup.html"), join(dir, "popup.html"));
  await cp(join(ROOT, "src/popup/popup.css"), join(dir, "popup.css"));
  await cp(join(ROOT, "_locales"), join(dir, "_locales"), { recursive: true });
  for (const size of ICON_SIZES) await writeFile(join(dir, `icons/${size}.png`), iconPng(size));
  await writeFile(
    join(dir, "manifest.json"),
    `${JSON.stringify(manifestFor(target, version), null, 2)}\n`,
  );
  return dir;
}

export async function buildExtension(outDir = join(ROOT, "dist")): Promise<BuiltExtension> {
  const { version } = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as {
    version: string;
  };
  await mkdir(outDir, { recursive: true });
  const dirs = {} as Record<Target, string>;
  const zips = {} as Record<Target, string>;
  for (const target of TARGETS) {
    dirs[target] = await buildTarget(target, outDir, version);
    zips[target] = join(outDir, `stoflow-${target}-${version}.zip`);
    await zipFolder(dirs[target], zips[target]);
  }
  return { dirs, zips };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = await buildExtension();
  for (const target of TARGETS) {
    console.log(
      `${target}: ${relative(process.cwd(), built.zips[target])} (unpacked: ${relative(process.cwd(), built.dirs[target])})`,
    );
  }
}
