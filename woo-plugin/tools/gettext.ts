// The plugin's translations without the gettext tools: strings are extracted from the PHP
// (WordPress's i18n calls with our text domain), written as a .pot, merged into each .po, and
// each .po compiled to the binary .mo WordPress loads.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export const DOMAIN = "stoflow-for-woocommerce";

export interface Entry {
  msgid: string;
  plural?: string;
  msgstr: string[];
  comments: string[]; // "#." translator comments and "#:" references
}

const phpString = (s: string) => s.replace(/\\(['\\])/g, "$1");
const STR = String.raw`'((?:[^'\\]|\\.)*)'`;
const SINGLE = new RegExp(
  String.raw`\b(?:__|_e|esc_html__|esc_html_e|esc_attr__|esc_attr_e)\(\s*${STR}\s*,\s*'${DOMAIN}'\s*\)`,
  "g",
);
const PLURAL = new RegExp(String.raw`\b_n\(\s*${STR}\s*,\s*${STR}\s*,[^;]*?'${DOMAIN}'\s*\)`, "g");

function phpFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return phpFiles(path);
      return name.endsWith(".php") ? [path] : [];
    });
}

/** Every translatable string of the plugin, in order of first appearance. */
export function extract(pluginDir: string): Entry[] {
  const entries = new Map<string, Entry>();
  const add = (msgid: string, plural: string | undefined, ref: string, note?: string) => {
    const entry = entries.get(msgid) ?? {
      msgid,
      plural,
      msgstr: plural ? ["", ""] : [""],
      comments: [],
    };
    if (note && !entry.comments.includes(`#. ${note}`)) entry.comments.push(`#. ${note}`);
    entry.comments.push(`#: ${ref}`);
    entries.set(msgid, entry);
  };
  for (const file of phpFiles(pluginDir)) {
    const text = readFileSync(file, "utf8");
    const rel = relative(pluginDir, file);
    const lineOf = (index: number) => text.slice(0, index).split("\n").length;
    const noteBefore = (index: number) => {
      const before = text
        .slice(Math.max(0, index - 400), index)
        .split("\n")
        .slice(-3)
        .join("\n");
      return before.match(/translators:\s*([^*]+?)\s*\*\//)?.[1];
    };
    if (rel === `${DOMAIN}.php`) {
      for (const header of ["Plugin Name", "Description"]) {
        const value = text.match(new RegExp(`^ \\* ${header}:\\s*(.+)$`, "m"))?.[1];
        if (value) add(value.trim(), undefined, `${rel}`, `${header} of the plugin`);
      }
    }
    for (const m of text.matchAll(SINGLE)) {
      add(phpString(m[1] as string), undefined, `${rel}:${lineOf(m.index)}`, noteBefore(m.index));
    }
    for (const m of text.matchAll(PLURAL)) {
      const ref = `${rel}:${lineOf(m.index)}`;
      add(phpString(m[1] as string), phpString(m[2] as string), ref, noteBefore(m.index));
    }
  }
  return [...entries.values()];
}

const quote = (s: string) =>
  `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\t/g, "\\t")}"`;

function header(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join("");
}

/** A .pot or .po file. */
export function formatPo(entries: Entry[], headerFields: Record<string, string>): string {
  const out = [
    `msgid ""\nmsgstr ""\n${header(headerFields)
      .split("\n")
      .filter(Boolean)
      .map((l) => quote(`${l}\n`))
      .join("\n")}\n`,
  ];
  for (const e of entries) {
    const lines = [...e.comments, `msgid ${quote(e.msgid)}`];
    if (e.plural !== undefined) {
      lines.push(`msgid_plural ${quote(e.plural)}`);
      e.msgstr.forEach((s, i) => {
        lines.push(`msgstr[${i}] ${quote(s)}`);
      });
    } else lines.push(`msgstr ${quote(e.msgstr[0] ?? "")}`);
    out.push(lines.join("\n"));
  }
  return `${out.join("\n\n")}\n`;
}

// PO strings use the C escapes JSON shares (\" \\ \n \t).
const unquote = (s: string) => JSON.parse(s) as string;

/** Parses a .po file: its header text and entries. */
export function parsePo(text: string): { header: string; entries: Entry[] } {
  let headerText = "";
  const entries: Entry[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const entry: Entry = { msgid: "", msgstr: [], comments: [] };
    let field: "msgid" | "plural" | number | undefined;
    let sawMsgid = false;
    for (const line of block.split("\n")) {
      if (line.startsWith("#")) entry.comments.push(line);
      else if (line.startsWith("msgid_plural ")) {
        field = "plural";
        entry.plural = unquote(line.slice(13));
      } else if (line.startsWith("msgid ")) {
        field = "msgid";
        sawMsgid = true;
        entry.msgid = unquote(line.slice(6));
      } else if (line.startsWith("msgstr")) {
        const m = line.match(/^msgstr(?:\[(\d+)\])? (.*)$/);
        if (!m) continue;
        field = Number(m[1] ?? 0);
        entry.msgstr[field] = unquote(m[2] as string);
      } else if (line.startsWith('"') && field !== undefined) {
        const more = unquote(line);
        if (field === "msgid") entry.msgid += more;
        else if (field === "plural") entry.plural = (entry.plural ?? "") + more;
        else entry.msgstr[field] = (entry.msgstr[field] ?? "") + more;
      }
    }
    if (!sawMsgid) continue;
    if (entry.msgid === "") headerText = entry.msgstr[0] ?? "";
    else entries.push(entry);
  }
  return { header: headerText, entries };
}

/** The .po's header fields, in order. */
export function headerFields(headerText: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of headerText.split("\n")) {
    const i = line.indexOf(":");
    if (i > 0) fields[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return fields;
}

/** The template's entries with the translations the .po already had. */
export function merge(template: Entry[], translated: Entry[]): Entry[] {
  const known = new Map(translated.map((e) => [`${e.msgid}\u0004${e.plural ?? ""}`, e]));
  return template.map((t) => ({
    ...t,
    msgstr: known.get(`${t.msgid}\u0004${t.plural ?? ""}`)?.msgstr ?? t.msgstr,
  }));
}

/** GNU .mo bytes: header, then every translated entry sorted by msgid. */
export function compileMo(headerText: string, entries: Entry[]): Buffer {
  const pairs: [Buffer, Buffer][] = [[Buffer.alloc(0), Buffer.from(headerText)]];
  for (const e of entries) {
    if (e.msgstr.length === 0 || e.msgstr.some((s) => !s)) continue; // untranslated: left out
    const id = e.plural === undefined ? e.msgid : `${e.msgid}\u0000${e.plural}`;
    pairs.push([Buffer.from(id), Buffer.from(e.msgstr.join("\u0000"))]);
  }
  pairs.sort((a, b) => Buffer.compare(a[0], b[0]));
  const n = pairs.length;
  const tables = 28 + 16 * n;
  const head = Buffer.alloc(tables);
  head.writeUInt32LE(0x950412de, 0);
  head.writeUInt32LE(0, 4);
  head.writeUInt32LE(n, 8);
  head.writeUInt32LE(28, 12);
  head.writeUInt32LE(28 + 8 * n, 16);
  head.writeUInt32LE(0, 20);
  head.writeUInt32LE(tables, 24);
  const data: Buffer[] = [];
  let offset = tables;
  const place = (s: Buffer, at: number) => {
    head.writeUInt32LE(s.length, at);
    head.writeUInt32LE(offset, at + 4);
    data.push(s, Buffer.from([0]));
    offset += s.length + 1;
  };
  pairs.forEach(([id], i) => {
    place(id, 28 + 8 * i);
  });
  pairs.forEach(([, str], i) => {
    place(str, 28 + 8 * n + 8 * i);
  });
  return Buffer.concat([head, ...data]);
}
