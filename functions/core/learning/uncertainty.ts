/**
 * Which records an editor's verdict teaches the most: those whose calibrated confidence lies in a
 * band around a coin toss. The classifier's probability is calibrated (a logistic map of the raw score
 * fitted on out-of-fold scores of real texts), so 0.5 is the boundary and |confidence − 0.5| is how sure
 * the model is; the decision threshold, chosen for F1, lies near it.
 */

/** Confidences in [low, high] are uncertain (inclusive); `threshold` is the coin toss the distance is measured from. */
export const UNCERTAINTY_BAND = { low: 0.2, high: 0.8, threshold: 0.5 } as const;

/** True when a calibrated confidence lies in the uncertainty band. */
export function isUncertain(confidence: number): boolean {
  return Number.isFinite(confidence) && confidence >= UNCERTAINTY_BAND.low && confidence <= UNCERTAINTY_BAND.high;
}

/** Distance from the decision boundary, 0 (a coin toss) … 0.5 (certain). */
export function boundaryDistance(confidence: number): number {
  return Math.abs(confidence - UNCERTAINTY_BAND.threshold);
}

/**
 * A sort key that orders uncertain records closest to the boundary first: the distance in
 * thousandths, zero-padded (`0000` … `0500`), so that string order is numeric order.
 */
export function uncertaintyKey(confidence: number): string {
  return String(Math.round(boundaryDistance(confidence) * 1000)).padStart(4, '0');
}

/**
 * Whether a record stands in the uncertain queue (`GET /review?classified=uncertain`): pending,
 * its calibrated confidence in the band, and no editor has said yet whether it is an announcement.
 */
export function inUncertainQueue(item: { extraction: { confidence: number }; editorial: { status: string; overrides: { isPracticeAnnouncement?: boolean } } }): boolean {
  return item.editorial.status === 'pending' && item.editorial.overrides.isPracticeAnnouncement === undefined && isUncertain(item.extraction.confidence);
}
