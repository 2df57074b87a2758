/** The ids with the one at `index` moved by one place (-1 left, 1 right); unchanged at an edge. */
export function moved(ids: string[], index: number, by: -1 | 1): string[] {
  const to = index + by;
  if (index < 0 || index >= ids.length || to < 0 || to >= ids.length) return [...ids];
  const next = [...ids];
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item as string);
  return next;
}
