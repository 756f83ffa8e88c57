/**
 * Which numbers of an article identify its story. Kept apart from the profile (and its term
 * tables) so that the read API can use it without carrying the text-similarity data.
 */

/** A figure is a story's fingerprint when it is not a small count or a year. */
export function isDistinctiveFigure(value: number): boolean {
  if (!Number.isFinite(value) || value <= 10) return false;
  if (Number.isInteger(value) && value >= 1990 && value <= 2100) return false;
  return true;
}

/** How much a shared figure says: round and small numbers recur by chance, precise large ones do not. */
export function figureWeight(value: number): number {
  if (value <= 100) return 0.35;
  if (value <= 1000 && value % 100 === 0) return 0.5;
  return 1;
}
