/** A price in the seller's language: "25,00 €" in French, "€25.00" in English. */
export function formatMoney(amount: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency: currency || "EUR" }).format(
    amount,
  );
}

/** Cents (plan prices, overage costs) as money. */
export function formatCents(cents: number, currency: string, locale: string): string {
  return formatMoney(cents / 100, currency, locale);
}
