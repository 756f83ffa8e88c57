/**
 * Sets held out of training. A set directory holding a `HELD-OUT` file is never trained on (`npm run train`, the
 * retrain function's asset, the training parts of `npm run eval -- --cv / --transfer`), so that it stays a measure
 * of text nobody trained on; the file says why (README, "Measured in the fourteenth session"). No dependencies but
 * node's, so that the infra stack can ask it too.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The file that marks a set as held out. */
export const HELD_OUT_MARK = 'HELD-OUT';

/** Whether a set directory is held out of training. */
export const isHeldOut = (dir: string): boolean => existsSync(path.join(dir, HELD_OUT_MARK));
