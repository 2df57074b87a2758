// languages/: the .pot from the PHP sources, each .po merged with it, each .mo compiled.
// `npm run i18n -w @stoflow/woo-plugin` writes them; the tests check they are up to date.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileMo, DOMAIN, extract, formatPo, headerFields, merge, parsePo } from "./gettext.ts";

export interface TranslationFiles {
  /** path → expected content */
  files: Map<string, string | Buffer>;
  /** per .po, the msgids left untranslated */
  untranslated: Map<string, string[]>;
}

const POT_HEADER = {
  "Project-Id-Version": "Stoflow for WooCommerce",
  "MIME-Version": "1.0",
  "Content-Type": "text/plain; charset=UTF-8",
  "Content-Transfer-Encoding": "8bit",
  "Plural-Forms": "nplurals=INTEGER; plural=EXPRESSION;",
  "X-Domain": DOMAIN,
};

export function translationFiles(pluginDir: string): TranslationFiles {
  const languages = join(pluginDir, "languages");
  const template = extract(pluginDir);
  const files = new Map<string, string | Buffer>();
  const untranslated = new Map<string, string[]>();
  files.set(join(languages, `${DOMAIN}.pot`), formatPo(template, POT_HEADER));
  for (const name of readdirSync(languages).filter((n) => n.endsWith(".po"))) {
    const po = parsePo(readFileSync(join(languages, name), "utf8"));
    const fields = headerFields(po.header);
    const entries = merge(template, po.entries);
    files.set(join(languages, name), formatPo(entries, fields));
    const header = Object.entries(fields)
      .map(([k, v]) => `${k}: ${v}\n`)
      .join("");
    files.set(join(languages, name.replace(/\.po$/, ".mo")), compileMo(header, entries));
    untranslated.set(
      name,
      entries.filter((e) => e.msgstr.some((s) => !s)).map((e) => e.msgid),
    );
  }
  return { files, untranslated };
}
