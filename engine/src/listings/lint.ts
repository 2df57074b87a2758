import { scanText } from "./lint-text.ts";

// Vinted's rules, checked before a listing is queued so the seller fixes them in Stoflow
// rather than reading a refusal from Vinted. Errors block queueing; warnings only show.
// Every issue has a stable `rule` id: faces translate by it, `message` is the English text.
//
// Limits are assumptions from Vinted's web item form and public clients (2025), not a
// published specification: title 5..100 characters, description 5..2000 characters,
// price 1.00..100,000.00 EUR on vinted.fr. Change them here when Vinted's answers disagree.
export const VINTED_LIMITS = {
  titleMin: 5,
  titleMax: 100,
  descriptionMin: 5,
  descriptionMax: 2000,
  descriptionShort: 30,
  priceMin: 1,
  priceMax: 100_000,
  currency: "EUR",
} as const;

export type LintField =
  | "title"
  | "description"
  | "price"
  | "quantity"
  | "photos"
  | "brand"
  | "size"
  | "colors";

export interface LintIssue {
  rule: string;
  field: LintField;
  message: string;
  /** The text that triggered the rule, for faces to highlight (text rules only). */
  match?: string;
}

export interface LintResult {
  errors: LintIssue[];
  warnings: LintIssue[];
}

export interface LintableProduct {
  title: string;
  description: string;
  price: number;
  currency: string;
  brand: string | null;
  size: string | null;
  colors: string[];
  /** How many photos the listing will carry. */
  photoCount: number;
  /** Units in stock; none means nothing to sell (left out: not checked). */
  quantity?: number;
}

const TEXT_MESSAGES: Record<string, (match: string, where: string) => string> = {
  "text.other_marketplace": (m, where) =>
    `The ${where} mentions another sales site ("${m}"); Vinted hides listings that send buyers elsewhere.`,
  "text.link": (m, where) =>
    `The ${where} contains a link ("${m}"); Vinted does not allow links in listings.`,
  "text.email": (m, where) =>
    `The ${where} contains an e-mail address ("${m}"); Vinted does not allow contact details.`,
  "text.phone": (m, where) =>
    `The ${where} contains a phone number ("${m}"); Vinted does not allow contact details.`,
  "text.contact_app": (m, where) =>
    `The ${where} asks buyers to get in touch outside Vinted ("${m}"); keep the conversation in Vinted's messages.`,
};

const length = (text: string) => [...text.trim()].length;

/** The too-short / too-long error of a text field, or nothing when its length fits. */
function checkLength(
  field: "title" | "description",
  count: number,
  min: number,
  max: number,
): LintIssue | undefined {
  const subject = `The ${field} has ${count} characters`;
  if (count < min) {
    return {
      rule: `${field}.too_short`,
      field,
      message: `${subject}; Vinted needs at least ${min}.`,
    };
  }
  if (count > max) {
    return {
      rule: `${field}.too_long`,
      field,
      message: `${subject}; Vinted allows ${max} at most.`,
    };
  }
  return undefined;
}

export function lintVintedListing(product: LintableProduct): LintResult {
  const L = VINTED_LIMITS;
  const errors: LintIssue[] = [];
  const warnings: LintIssue[] = [];

  if (product.photoCount < 1) {
    errors.push({
      rule: "photos.required",
      field: "photos",
      message: "Add at least one photo: Vinted does not accept a listing without one.",
    });
  }

  const lengthIssue = checkLength("title", length(product.title), L.titleMin, L.titleMax);
  if (lengthIssue) errors.push(lengthIssue);
  const letters = product.title.replace(/[^\p{L}]/gu, "");
  if (
    letters.length >= 5 &&
    letters === letters.toUpperCase() &&
    letters !== letters.toLowerCase()
  ) {
    warnings.push({
      rule: "title.all_caps",
      field: "title",
      message: "The title is all in capitals; buyers read a normal title more easily.",
    });
  }

  const description = length(product.description);
  const descriptionIssue = checkLength(
    "description",
    description,
    L.descriptionMin,
    L.descriptionMax,
  );
  if (descriptionIssue) {
    errors.push(descriptionIssue);
  } else if (description < L.descriptionShort) {
    warnings.push({
      rule: "description.short",
      field: "description",
      message:
        "The description is very short; say the condition, measurements and any flaw so buyers ask fewer questions.",
    });
  }

  if (product.quantity !== undefined && product.quantity < 1) {
    errors.push({
      rule: "stock.none",
      field: "quantity",
      message: "The product is out of stock (quantity 0): there is nothing to sell.",
    });
  }

  if (product.currency !== L.currency) {
    errors.push({
      rule: "price.currency",
      field: "price",
      message: `The price is in ${product.currency}; Vinted France sells in euros (EUR).`,
    });
  }
  if (product.price < L.priceMin) {
    errors.push({
      rule: "price.too_low",
      field: "price",
      message: `The price is ${product.price.toFixed(2)} €; Vinted's minimum is ${L.priceMin.toFixed(2)} €.`,
    });
  } else if (product.price > L.priceMax) {
    errors.push({
      rule: "price.too_high",
      field: "price",
      message: `The price is ${product.price.toFixed(2)} €; Vinted's maximum is ${L.priceMax} €.`,
    });
  }

  for (const [field, where, text] of [
    ["title", "title", product.title],
    ["description", "description", product.description],
  ] as const) {
    for (const finding of scanText(text)) {
      const message = TEXT_MESSAGES[finding.rule] as (m: string, w: string) => string;
      errors.push({
        rule: finding.rule,
        field,
        message: message(finding.match, where),
        match: finding.match,
      });
    }
  }

  if (!product.brand?.trim()) {
    warnings.push({
      rule: "brand.missing",
      field: "brand",
      message: "No brand: buyers filter by brand, so a listing without one is seen less.",
    });
  }
  if (!product.size?.trim()) {
    warnings.push({
      rule: "size.missing",
      field: "size",
      message: "No size: Vinted asks for one in clothing and shoes.",
    });
  }
  if (product.colors.every((c) => !c.trim())) {
    warnings.push({
      rule: "colors.missing",
      field: "colors",
      message: "No colour: buyers filter by colour, so a listing without one is seen less.",
    });
  }
  return { errors, warnings };
}
