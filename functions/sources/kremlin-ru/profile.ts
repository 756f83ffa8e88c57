import { defineProfile } from '../../core/source-definition.js';
import { BROWSER_USER_AGENT, MOSCOW, STALE_MOSCOW_OFFSET } from '../shared/defaults.js';

/**
 * kremlin.ru, the President of Russia, with State Council (Госсовет) news. Atom feeds carry the
 * full text (reported), so listing entries come with their article. The site answers 403 to
 * non-browser agents and times out on HTTPS from many networks: plain HTTP and a browser agent.
 */
export const kremlinRuProfile = defineProfile({
  id: 'kremlin-ru',
  name: 'Президент России (kremlin.ru)',
  homepage: 'http://kremlin.ru/',
  jurisdiction: 'RU',
  language: 'ru',
  entryPoints: [
    // Two sections, both read (different groups), not alternatives of one listing.
    { url: 'http://kremlin.ru/events/all/feed', kind: 'atom', label: 'all-atom', confirmed: false, group: 'all' },
    { url: 'http://kremlin.ru/events/state-council/feed', kind: 'atom', label: 'state-council-atom', confirmed: false, group: 'state-council' },
  ],
  hosts: ['kremlin.ru', 'www.kremlin.ru', 'en.kremlin.ru'],
  scheduleMinutes: 60,
  expectedCadenceHours: 24,
  timeZone: MOSCOW,
  mislabelledOffsets: [STALE_MOSCOW_OFFSET],
  charsetDefault: 'utf-8',
  politeness: { minDelayMs: 5000, userAgent: BROWSER_USER_AGENT, scheme: 'http', respectRobots: true },
  confidence: 'reported',
});
