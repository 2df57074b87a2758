// Writes languages/*.pot, merges each .po and compiles its .mo (see translations.ts).
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { translationFiles } from "./translations.ts";

const pluginDir = join(dirname(fileURLToPath(import.meta.url)), "..", "stoflow-for-woocommerce");
const { files, untranslated } = translationFiles(pluginDir);
for (const [path, content] of files) writeFileSync(path, content);
for (const [po, missing] of untranslated) {
  console.log(
    `${po}: ${missing.length} untranslated${missing.length ? `: ${missing.join(" | ")}` : ""}`,
  );
}
