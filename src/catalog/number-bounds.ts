/** The bounds a number parameter can declare in its manifest. */
export interface NumberBounds {
  min?: number | undefined;
  max?: number | undefined;
  integer?: boolean | undefined;
}

/** Why a number breaks a parameter's `integer`, `min` or `max`; null when it fits. */
export function numberProblem(p: NumberBounds, value: number): string | null {
  if (p.integer && !Number.isInteger(value)) return 'must be a whole number';
  if (p.min !== undefined && value < p.min) return `must be at least ${p.min}`;
  if (p.max !== undefined && value > p.max) return `must be at most ${p.max}`;
  return null;
}
