/** How full a limit is, 0-100; an unlimited one shows empty. */
export function usagePercent(used: number, max: number | null): number {
  if (max === null) return 0;
  if (max <= 0) return 100;
  return Math.min(100, Math.round((100 * used) / max));
}
