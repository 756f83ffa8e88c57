/** The zone of every watched site's clock. */
export const MOSCOW = 'Europe/Moscow';

/** The polling politeness shared by the sources unless one says otherwise (one request per host per 2 s). */
export const DEFAULT_MIN_DELAY_MS = 2000;

/**
 * A current desktop browser's User-Agent, for hosts that answer 403 to anything else (kremlin.ru).
 * The project's own agent (with its contact URL) is used everywhere else.
 */
export const BROWSER_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** Offset kremlin.ru and government.ru still print for Moscow time (it was UTC+4 from 2011 to 2014). */
export const STALE_MOSCOW_OFFSET = '+04:00';
