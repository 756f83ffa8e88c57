import type { SourceProfile } from '../../core/source-definition.js';
import type { DateContext } from './dates.js';

/** What every parser of a source takes from its profile. */
export interface SourceContext {
  /** For the context of the errors it throws. */
  sourceId: string;
  /** The site's clock: its zone and the offsets it prints but does not mean. */
  dates: DateContext;
  /** Whether a URL is on one of the source's hosts (links elsewhere are not its articles). */
  onHosts(url: string): boolean;
}

export function sourceContext(profile: SourceProfile): SourceContext {
  const dates: DateContext = { timeZone: profile.timeZone, ...(profile.mislabelledOffsets ? { mislabelledOffsets: profile.mislabelledOffsets } : {}) };
  return { sourceId: profile.id, dates, onHosts: (url) => profile.hosts.includes(new URL(url).hostname) };
}
