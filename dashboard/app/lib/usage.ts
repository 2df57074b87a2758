/** How full a limit is, 0-100; an unlimited one, or one the plan does not include, shows empty. */
export function usagePercent(used: number, max: number | null): number {
  if (max === null || max <= 0) return 0;
  return Math.min(100, Math.round((100 * used) / max));
}
