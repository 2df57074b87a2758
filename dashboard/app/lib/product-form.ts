import type { Schemas } from "@stoflow/client";

/** The edit form: text inputs for what the API keeps as lists or nulls. */
export interface ProductForm {
  title: string;
  description: string;
  price: number | null;
  quantity: number | null;
  brand: string;
  size: string;
  category: string;
  condition: Schemas["Product"]["condition"];
  colors: string;
  material: string;
  sku: string;
  /** Free attributes (what the fields above do not cover), edited as text pairs. */
  attributes: { key: string; value: string; raw?: unknown }[];
}

export function productForm(p?: Schemas["Product"]): ProductForm {
  return {
    title: p?.title ?? "",
    description: p?.description ?? "",
    price: p?.price ?? null,
    quantity: p?.quantity ?? 1,
    brand: p?.brand ?? "",
    size: p?.size ?? "",
    category: p?.category ?? "",
    condition: p?.condition ?? null,
    colors: p?.colors.join(", ") ?? "",
    material: p?.material ?? "",
    sku: p?.sku ?? "",
    attributes: Object.entries(p?.attributes ?? {}).map(([key, raw]) => ({
      key,
      value: typeof raw === "string" ? raw : JSON.stringify(raw),
      raw,
    })),
  };
}

const orNull = (text: string) => (text.trim() === "" ? null : text.trim());

/** The API body: blanks become null (cleared), colours a list; the engine validates the rest. */
export function toProductInput(form: ProductForm): Schemas["ProductInput"] {
  return {
    title: form.title.trim(),
    description: form.description,
    price: form.price ?? 0,
    quantity: form.quantity ?? 0,
    brand: orNull(form.brand),
    size: orNull(form.size),
    category: orNull(form.category),
    condition: form.condition ?? null,
    colors: form.colors
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean),
    material: orNull(form.material),
    sku: orNull(form.sku),
    attributes: Object.fromEntries(
      form.attributes
        .filter((a) => a.key.trim() !== "")
        // A structured value (from a shop import) stays as it was unless its text was edited.
        .map((a) => [
          a.key.trim(),
          a.raw !== undefined && typeof a.raw !== "string" && a.value === JSON.stringify(a.raw)
            ? a.raw
            : a.value.trim(),
        ]),
    ),
  };
}
