export interface Day {
  date: string;
  published: number;
  sold: number;
  errors: number;
}

/** Chart columns for the 30-day series: day labels in the user's language, one array per figure. */
export function dailySeries(days: Day[], locale: string) {
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
  const label = new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
  return {
    labels: sorted.map((d) => label.format(new Date(`${d.date.slice(0, 10)}T00:00:00Z`))),
    published: sorted.map((d) => d.published),
    sold: sorted.map((d) => d.sold),
    errors: sorted.map((d) => d.errors),
  };
}
