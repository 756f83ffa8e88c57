/** One Allow or Disallow rule of a robots.txt group. */
interface RobotsRule {
  allow: boolean;
  pattern: string;
  regex: RegExp;
}

/** Why robots.txt could not be fetched at all: the site did not answer (a network error or a timeout). */
export interface RobotsFailure {
  code: 'network' | 'timeout';
  message: string;
}

/**
 * A parsed robots.txt (RFC 9309), or one of the two blanket outcomes the RFC prescribes for an
 * unavailable file (4xx: allow everything) and an unreachable one (5xx, timeout: disallow everything).
 */
export class RobotsPolicy {
  private constructor(
    private readonly rules: RobotsRule[],
    private readonly blanket: 'allow' | 'disallow' | null,
    /** Set when the file was unreachable because the site did not answer; everything is disallowed. */
    readonly failure: RobotsFailure | null = null,
  ) {}

  static allowAll(): RobotsPolicy {
    return new RobotsPolicy([], 'allow');
  }

  /** Disallows everything; `failure` records that the site did not answer at all. */
  static disallowAll(failure?: RobotsFailure): RobotsPolicy {
    return new RobotsPolicy([], 'disallow', failure ?? null);
  }

  /**
   * Parses robots.txt for `productToken`: the groups naming the token (case-insensitive, merged)
   * or else the `*` groups. Unknown lines and malformed records are ignored, as the RFC asks.
   */
  static parse(text: string, productToken: string): RobotsPolicy {
    const token = productToken.toLowerCase();
    const groups: Array<{ agents: string[]; rules: RobotsRule[] }> = [];
    let current: { agents: string[]; rules: RobotsRule[] } | null = null;
    let lastWasAgent = false;
    for (const rawLine of text.split(/\r\n|\r|\n/)) {
      const line = rawLine.replace(/#.*$/, '').trim();
      const match = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
      if (!match) continue;
      const key = match[1]!.toLowerCase();
      const value = match[2]!.trim();
      if (key === 'user-agent') {
        if (!current || !lastWasAgent) {
          current = { agents: [], rules: [] };
          groups.push(current);
        }
        current.agents.push(value.toLowerCase());
        lastWasAgent = true;
      } else if (key === 'allow' || key === 'disallow') {
        lastWasAgent = false;
        // An empty Disallow allows everything: no rule at all.
        if (!current || value === '') continue;
        current.rules.push({ allow: key === 'allow', pattern: value, regex: patternToRegex(value) });
      } else {
        lastWasAgent = false;
      }
    }
    const mine = groups.filter((g) => g.agents.includes(token));
    const chosen = mine.length > 0 ? mine : groups.filter((g) => g.agents.includes('*'));
    return new RobotsPolicy(chosen.flatMap((g) => g.rules), null);
  }

  /** Whether a path (with query) may be fetched: the longest matching rule wins, Allow on ties. */
  isAllowed(pathAndQuery: string): boolean {
    if (this.blanket) return this.blanket === 'allow';
    if (pathAndQuery === '/robots.txt') return true;
    const target = normalizePercent(pathAndQuery);
    let best: RobotsRule | null = null;
    for (const rule of this.rules) {
      if (!rule.regex.test(target)) continue;
      if (!best || rule.pattern.length > best.pattern.length || (rule.pattern.length === best.pattern.length && rule.allow && !best.allow)) best = rule;
    }
    return best ? best.allow : true;
  }
}

/** Upper-cases percent escapes and percent-encodes non-ASCII, so that equal paths compare equal. */
function normalizePercent(value: string): string {
  return value.replace(/%[0-9a-f]{2}/gi, (m) => m.toUpperCase()).replace(/[^\x00-\x7f]/gu, (ch) => encodeURIComponent(ch));
}

/** `*` matches any sequence, a final `$` anchors the end; everything else is literal (prefix match). */
function patternToRegex(pattern: string): RegExp {
  const anchored = pattern.endsWith('$');
  const body = normalizePercent(anchored ? pattern.slice(0, -1) : pattern)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`);
}

/** What fetching a robots.txt produced, as the cache needs it. */
export type RobotsFetchOutcome = { kind: 'ok'; text: string } | { kind: 'unavailable' } | { kind: 'unreachable'; failure?: RobotsFailure };

const DAY_MS = 86_400_000;

/**
 * Per-origin cache of robots policies, each kept at most `maxAgeMs` (RFC 9309: ≤ 24 h). An
 * "unreachable" verdict (disallow all, with the network or timeout failure if that was the
 * cause) is kept only `unreachableMaxAgeMs` (default 15 min), so that one failed robots.txt fetch
 * does not stop a source for a day.
 */
export class RobotsCache {
  private readonly entries = new Map<string, { policy: RobotsPolicy; fetchedAt: number; maxAge: number }>();
  private readonly pending = new Map<string, Promise<RobotsPolicy>>();

  constructor(
    private readonly options: { productToken: string; now: () => number; maxAgeMs?: number; unreachableMaxAgeMs?: number },
  ) {}

  /** The policy for `origin`, fetching robots.txt through `load` when absent or expired. */
  async policyFor(origin: string, load: () => Promise<RobotsFetchOutcome>): Promise<RobotsPolicy> {
    const cached = this.entries.get(origin);
    if (cached && this.options.now() - cached.fetchedAt < cached.maxAge) return cached.policy;
    const inFlight = this.pending.get(origin);
    if (inFlight) return inFlight;
    const promise = load()
      .then((outcome) => {
        const policy =
          outcome.kind === 'ok'
            ? RobotsPolicy.parse(outcome.text, this.options.productToken)
            : outcome.kind === 'unavailable'
              ? RobotsPolicy.allowAll()
              : RobotsPolicy.disallowAll(outcome.failure);
        const maxAge = Math.min(this.options.maxAgeMs ?? DAY_MS, DAY_MS);
        const unreachableMaxAge = Math.min(this.options.unreachableMaxAgeMs ?? 15 * 60_000, maxAge);
        this.entries.set(origin, { policy, fetchedAt: this.options.now(), maxAge: outcome.kind === 'unreachable' ? unreachableMaxAge : maxAge });
        return policy;
      })
      .finally(() => this.pending.delete(origin));
    this.pending.set(origin, promise);
    return promise;
  }
}
