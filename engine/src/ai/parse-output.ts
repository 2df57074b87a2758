// Reads the model's answer into one text per platform, repairing what models commonly get
// wrong: code fences, prose around the JSON, trailing commas, a cut-off answer, a flat shape
// ({"vinted": {...}}), a list of platforms, descriptions as arrays, keywords as one string.
import type { AiPlatform } from "./platforms.ts";
import type { ListingText } from "./texts.ts";

export interface ParsedOutput {
  texts: Partial<Record<AiPlatform, ListingText>>;
  /** What had to be repaired (empty for a clean answer). */
  repairs: string[];
}

function closeTruncated(json: string): string {
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  for (const ch of json) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{") stack.push("}");
    else if (ch === "[") stack.push("]");
    else if (ch === "}" || ch === "]") stack.pop();
  }
  let out = json;
  if (inString) out += '"';
  out = out.replace(/,\s*$/, "").replace(/:\s*$/, ': ""');
  // A key cut off before its value: give it one.
  if (stack[stack.length - 1] === "}" && /[{,]\s*"(?:[^"\\]|\\.)*"$/.test(out)) out += ": null";
  return out + stack.reverse().join("");
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The JSON value in a model's answer, repaired if needed; undefined if there is none. */
export function extractJson(content: string, repairs: string[]): unknown {
  const direct = tryParse(content);
  if (direct !== undefined) return direct;
  let text = content.trim();
  const fenced = /```(?:json)?\s*([\s\S]*?)(?:```|$)/i.exec(text);
  if (fenced?.[1]) {
    text = fenced[1].trim();
    repairs.push("code_fence");
  }
  const start = text.indexOf("{");
  if (start < 0) return undefined;
  if (start > 0) repairs.push("text_around_json");
  text = text.slice(start);
  const end = text.lastIndexOf("}");
  const whole = end > 0 ? text.slice(0, end + 1) : text;
  for (const candidate of [whole, whole.replace(/,\s*([}\]])/g, "$1")]) {
    const parsed = tryParse(candidate);
    if (parsed !== undefined) {
      if (candidate !== whole) repairs.push("trailing_comma");
      return parsed;
    }
  }
  const closed = tryParse(closeTruncated(text.replace(/,\s*([}\]])/g, "$1")));
  if (closed !== undefined) repairs.push("truncated");
  return closed;
}

const str = (v: unknown): string | undefined => {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v.join("\n");
  return undefined;
};

function asText(value: unknown): ListingText | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  const title = str(v.title);
  const description = str(v.description ?? v.text ?? v.body);
  if (!title?.trim() || !description?.trim()) return undefined;
  const raw = v.keywords ?? v.tags ?? [];
  const keywords = Array.isArray(raw)
    ? raw.filter((k): k is string => typeof k === "string")
    : typeof raw === "string"
      ? raw.split(/[,;\n]/)
      : [];
  return { title, description, keywords: keywords.map((k) => k.trim()).filter(Boolean) };
}

export function parseModelOutput(content: string | null, platforms: AiPlatform[]): ParsedOutput {
  const repairs: string[] = [];
  const texts: ParsedOutput["texts"] = {};
  if (!content) return { texts, repairs: ["empty"] };
  const json = extractJson(content, repairs);
  if (!json || typeof json !== "object") return { texts, repairs: [...repairs, "not_json"] };
  const root = json as Record<string, unknown>;
  let byPlatform: Record<string, unknown> | undefined;
  if (root.platforms && typeof root.platforms === "object" && !Array.isArray(root.platforms)) {
    byPlatform = root.platforms as Record<string, unknown>;
  } else {
    const list = Array.isArray(root.platforms)
      ? root.platforms
      : Array.isArray(root.listings)
        ? root.listings
        : undefined;
    if (list) {
      repairs.push("list_shape");
      byPlatform = Object.fromEntries(
        list
          .filter((x): x is Record<string, unknown> => Boolean(x) && typeof x === "object")
          .map((x) => [String(x.platform ?? "").toLowerCase(), x]),
      );
    } else if (platforms.some((p) => p in root)) {
      repairs.push("flat_shape");
      byPlatform = root;
    }
  }
  for (const platform of platforms) {
    const text = asText(byPlatform?.[platform]);
    if (text) texts[platform] = text;
    else repairs.push(`missing_${platform}`);
  }
  return { texts, repairs };
}
