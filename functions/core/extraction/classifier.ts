import type { Token } from './lexicon.js';

/**
 * An interpretable classifier for practice announcements: weighted cue patterns over the folded
 * text, summed and passed through a logistic function. Each fired cue becomes a human-readable
 * reason, so an editor can see why and overturn the decision.
 */

/** A family of cues; the label opens the reason ('replication cue: «…»'). */
type CueGroup =
  | 'replication'
  | 'selection'
  | 'library'
  | 'contest win'
  | 'adoption'
  | 'sharing'
  | 'concrete practice'
  | 'rating'
  | 'contest call'
  | 'appointment'
  | 'meeting'
  | 'statistics'
  | 'opinion'
  | 'generic talk';

interface Cue {
  group: CueGroup;
  weight: number;
  /** Regex source over folded text (lower case, ё→е); matched from a word start. */
  pattern: string;
}

const W = '[\\p{L}-]*';
const GAP = (n: number): string => `(?:\\s+[\\p{L}\\p{N}-]+){0,${n}}\\s+`;

const CUES: Cue[] = [
  // Replication and scaling to other regions.
  { group: 'replication', weight: 1.6, pattern: `тиражир${W}` },
  { group: 'replication', weight: 1.4, pattern: `масштабир${W}` },
  { group: 'replication', weight: 1.2, pattern: `(?:распростран${W}|транслир${W}|передач${W})${GAP(2)}опыт${W}` },
  { group: 'replication', weight: 1.2, pattern: `(?:внедр${W}|применя${W}|примен${W}|использ${W}|реализ${W}|запуст${W})${GAP(3)}(?:в|во|на)\\s+(?:других|друг${W}|все[хм]?|ряде|\\d+)\\s+(?:регион${W}|субъект${W})` },
  { group: 'replication', weight: 1.0, pattern: `(?:другим|других|для|в)\\s+регион(?:ам|ов|ах)\\s+(?:страны|россии)` },
  { group: 'replication', weight: 1.0, pattern: `(?:образц${W}|пример${W}|ориентир${W})\\s+для\\s+(?:других\\s+|всех\\s+)?(?:регион${W}|субъект${W}|муниципалитет${W})|(?:model|example|blueprint)\\s+for\\s+(?:other\\s+|all\\s+)?(?:regions|municipalities)` },
  { group: 'replication', weight: 1.6, pattern: `replicat${W}` },
  { group: 'replication', weight: 1.2, pattern: `scal(?:e|ed|ing)\\s+up` },
  { group: 'replication', weight: 1.2, pattern: `(?:implement${W}|introduc${W}|adopt${W}|appl${W}|roll${W}\\s+out|launch${W}|us${W})${GAP(4)}(?:in|to|across|by)\\s+(?:other|all|\\d+|several|many|more)${GAP(1)}?regions` },
  { group: 'replication', weight: 1.0, pattern: `(?:mass|large-scale|nationwide)\\s+(?:implementation|introduction|rollout|roll-out)` },
  { group: 'replication', weight: 1.0, pattern: `(?:массово${W}|повсеместн${W})\\s+(?:внедрен${W}|распространен${W})` },
  // Selection and recommendation.
  { group: 'selection', weight: 1.3, pattern: `рекомендова${W}(?:${GAP(4)}(?:к|для)\\s+(?:внедрен${W}|тиражир${W}|применен${W}|использован${W}|распростран${W}))?` },
  { group: 'selection', weight: 1.0, pattern: `отобра${W}|отбор${W}\\s+(?:лучш${W}|практик${W})` },
  { group: 'selection', weight: 1.0, pattern: `(?:вош(?:ел|л${W})|включ${W}|попал${W}|внесен${W})${GAP(2)}?(?:в\\s+)?(?:число|перечень|список|топ|сборник|атлас|реестр|библиотек${W}|банк${W})` },
  { group: 'selection', weight: 1.0, pattern: `(?:признан${W}|назван${W})${GAP(2)}?(?:одн${W}\\s+из\\s+)?(?:лучш${W}|наиболее\\s+(?:эффективн${W}|успешн${W}))` },
  { group: 'selection', weight: 0.8, pattern: `одобрен${W}\\s+практик${W}|approved\\s+practices?` },
  { group: 'selection', weight: 1.3, pattern: `recommend${W}` },
  { group: 'selection', weight: 1.0, pattern: `(?:selected|chosen|shortlisted)` },
  { group: 'selection', weight: 1.0, pattern: `(?:included|featured|entered|added)\\s+(?:in|into|to)\\s+(?:the\\s+)?(?:list|library|database|collection|atlas|register|top)` },
  { group: 'selection', weight: 1.0, pattern: `(?:featured|included|listed|ranked)\\s+among\\s+(?:the\\s+)?best` },
  { group: 'selection', weight: 0.8, pattern: `(?:recognized|recognised|named)\\s+(?:as\\s+)?(?:one\\s+of\\s+)?the\\s+best` },
  // Best-practice libraries.
  { group: 'library', weight: 1.5, pattern: `смартек${W}|smartek${W}|smartec${W}` },
  { group: 'library', weight: 1.2, pattern: `(?:библиотек${W}|банк${W}|атлас${W}|сборник${W}|базе|база|базу)${GAP(2)}?(?:лучших\\s+|успешных\\s+)?(?:региональных\\s+|муниципальных\\s+)?практик${W}` },
  { group: 'library', weight: 1.2, pattern: `(?:library|bank|database|atlas|collection)\\s+of\\s+(?:the\\s+)?(?:best\\s+)?(?:regional\\s+)?practices|best[- ]practice\\s+(?:library|database|bank)` },
  // Contest wins.
  { group: 'contest win', weight: 1.4, pattern: `(?:стал${W}|стали|признан${W}|объявлен${W})${GAP(2)}?(?:победител${W}|лауреат${W}|призер${W}|финалист${W})` },
  { group: 'contest win', weight: 1.1, pattern: `(?:победител${W}|лауреат${W}|призер${W})${GAP(2)}?(?:конкурс${W}|преми${W}|всероссийск${W}|номинаци${W})` },
  { group: 'contest win', weight: 1.2, pattern: `(?:занял${W}|заняли|получил${W}|завоевал${W})${GAP(1)}?(?:перв${W}|втор${W}|трет${W}|\\d+-?е|призов${W})\\s+мест${W}` },
  { group: 'contest win', weight: 1.0, pattern: `лучш${W}\\s+муниципальн${W}\\s+практик${W}` },
  { group: 'contest win', weight: 1.3, pattern: `(?:won|wins|winner${W}|laureate${W}|prize-winner${W}|finalist${W})` },
  { group: 'contest win', weight: 1.0, pattern: `(?:named|declared|became|announced\\s+as)\\s+(?:the\\s+|a\\s+)?(?:winner|laureate|best)|(?:награжд${W}|отмечен${W}\\s+(?:дипломом|наградой))` },
  { group: 'contest win', weight: 1.1, pattern: `took\\s+(?:first|second|third|\\d+(?:st|nd|rd|th))\\s+place` },
  // Adoption of another region's practice.
  { group: 'adoption', weight: 1.5, pattern: `по\\s+(?:опыту|примеру|модели|образцу)` },
  { group: 'adoption', weight: 1.5, pattern: `(?:переня${W}|переним${W}|перейм${W}|заимствова${W}|позаимствова${W})` },
  { group: 'adoption', weight: 1.1, pattern: `(?:внедрил${W}|внедрят|внедрит|внедряют|внедрить|внедрени${W}|запустил${W}|адаптир${W})${GAP(3)}?(?:практик${W}|опыт${W}|модел${W}|решени${W}|систем${W}|стандарт${W}|подход${W})` },
  { group: 'adoption', weight: 1.0, pattern: `(?:практик${W}|опыт${W}|модел${W}|решени${W})${GAP(2)}?(?:адаптир${W}|внедрят|внедрит|переним${W}|применят|возьмут)` },
  { group: 'adoption', weight: 1.1, pattern: `опыт${W}${GAP(3)}(?:внедрят|внедрит|будет\\s+внедрен${W}|будут\\s+внедрен${W}|применят)` },
  { group: 'adoption', weight: 0.8, pattern: `(?:проявил${W}|проявля${W}|выразил${W})\\s+(?:интерес|желание)|интерес${W}\\s+к\\s+(?:[\\p{L}-]+\\s+){0,2}(?:опыт${W}|практик${W}|модел${W}|проект${W}|систем${W})|изуча${W}\\s+(?:возможност${W}|опыт${W})|(?:shown|expressed|showed)\\s+(?:an\\s+)?interest|(?:studying|study|studied)\\s+the\\s+(?:experience|practice|model)` },
  { group: 'adoption', weight: 1.5, pattern: `(?:following|after)\\s+the\\s+example\\s+of|(?:adopt${W}|borrow${W}|introduc${W}|implement${W})${GAP(3)}?(?:practices?|experience|models?|approach${W}|standard${W}|solutions?)|learn${W}\\s+from\\s+the\\s+experience` },
  { group: 'adoption', weight: 1.2, pattern: `(?:introduc${W}|implement${W}|adopt${W}|replicat${W}|launch${W})\\s+(?:the\\s+)?[\\p{L}-]+['’]s\\s+` },
  { group: 'adoption', weight: 1.1, pattern: `based\\s+on\\s+(?:the\\s+)?(?:[\\p{L}-]+\\s+){0,2}(?:model|experience|practice|approach)|на\\s+основе\\s+(?:[\\p{L}-]+\\s+){0,2}(?:опыт${W}|модел${W}|практик${W})` },
  // Presenting or sharing a practice.
  { group: 'sharing', weight: 1.1, pattern: `обмен${W}\\s+(?:лучшими\\s+|успешными\\s+)?(?:опытом|практиками|наработками|решениями)|(?:передаст|передадут|передать|передает|передают|поделится|поделятся)${GAP(2)}?(?:опыт${W}|практик${W}|модел${W}|наработк${W}|методик${W})|exchang${W}\\s+(?:best\\s+)?(?:experience|practices)` },
  { group: 'sharing', weight: 0.9, pattern: `(?:поделил${W}|делит${W}|делятся|поделят${W})\\s+опыт${W}` },
  { group: 'sharing', weight: 0.8, pattern: `(?:представил${W}|презентовал${W}|представлен${W})${GAP(3)}?(?:практик${W}|опыт${W}|проект${W})` },
  { group: 'sharing', weight: 0.9, pattern: `(?:shared|share|sharing|presented|showcased)\\s+(?:its|their|the|his|her|our)?\\s*(?:experience|practices?|best\\s+practices?|solutions?|approach${W}|model|methodology)` },
  { group: 'sharing', weight: 0.8, pattern: `готов${W}\\s+(?:передать|поделиться|делиться|помочь\\s+коллегам|принимать\\s+делегации|тиражировать)|(?:ready|happy|open)\\s+to\\s+(?:share|help\\s+(?:our\\s+)?colleagues|transfer)|will\\s+share` },
  { group: 'sharing', weight: 0.6, pattern: `(?:offered|proposed|предлож${W})${GAP(3)}?(?:for|для|к)\\s+(?:replication|implementation|внедрен${W}|тиражир${W})` },
  // A concrete practice named.
  { group: 'concrete practice', weight: 0.6, pattern: `(?:практик${W}|проект${W}|модел${W})\\s+(?:«|")` },
  { group: 'concrete practice', weight: 0.6, pattern: `(?:experience|practice)\\s+of\\s+[\\p{L}-]+\\s+in\\s+(?:creating|organi[sz]ing|setting|launching|developing)` },
  { group: 'concrete practice', weight: 0.5, pattern: `(?:опыт${W}|практик${W})\\s+(?:[\\p{L}-]+\\s+){0,3}по\\s+(?:создани${W}|организаци${W}|внедрени${W}|сопровождени${W}|обеспечени${W})` },
  // Near-misses: ratings, contest calls, appointments, meetings, statistics, opinion.
  { group: 'rating', weight: -1.8, pattern: `рейтинг${W}` },
  { group: 'rating', weight: -1.8, pattern: `rating${W}|ranking${W}` },
  { group: 'rating', weight: -0.6, pattern: `индекс${W}|index` },
  { group: 'contest call', weight: -2.2, pattern: `при[её]м\\s+заяв${W}|заявки\\s+принима${W}|подать\\s+заяв${W}|подач${W}\\s+заяв${W}|направить\\s+заяв${W}` },
  { group: 'contest call', weight: -2.0, pattern: `положени${W}\\s+о\\s+(?:конкурс${W}|проведени${W})|услови${W}\\s+участи${W}|критери${W}\\s+(?:оценк${W}|отбор${W})|регистраци${W}\\s+участник${W}` },
  { group: 'contest call', weight: -1.6, pattern: `(?:стартовал${W}|объявлен${W}|начал${W}ся|открыт${W})${GAP(1)}?(?:при[её]м|конкурс${W}|отбор${W}|регистраци${W})` },
  { group: 'contest call', weight: -1.2, pattern: `(?:могут|смогут|приглаша${W})${GAP(3)}?(?:принять\\s+участие|подать|участвовать)` },
  { group: 'contest call', weight: -2.2, pattern: `applications\\s+(?:are|will\\s+be|can\\s+be)\\s+(?:accepted|submitted|open)|accepting\\s+applications|submit${W}\\s+(?:an\\s+)?application${W}|call\\s+for\\s+(?:applications|entries|submissions)|deadline|application\\s+campaign` },
  { group: 'contest call', weight: -1.4, pattern: `(?:can|may|are\\s+invited\\s+to)\\s+(?:take\\s+part|participate|apply)|rules\\s+of\\s+the\\s+(?:contest|competition)|eligible` },
  { group: 'appointment', weight: -2.0, pattern: `назначен${W}\\s+на\\s+должност${W}|назначил${W}|освобожд${W}\\s+от\\s+должност${W}|appointed|relieved\\s+of` },
  { group: 'meeting', weight: -0.7, pattern: `заседани${W}|совещани${W}|наблюдательн${W}\\s+совет${W}|(?:провел${W}|состоял${W}ся)\\s+встреч${W}|стратегическ${W}\\s+сесси${W}|meeting|session\\s+of` },
  { group: 'statistics', weight: -0.9, pattern: `бюджет${W}|статистик${W}|валов${W}\\s+регионал${W}|budget${W}|statistic${W}` },
  { group: 'opinion', weight: -1.4, pattern: `по\\s+моему\\s+мнению|я\\s+(?:считаю|уверен${W}|думаю)|на\\s+мой\\s+взгляд|колонк${W}|мнени${W}\\s+автор${W}|in\\s+my\\s+(?:view|opinion)|i\\s+(?:believe|think)|opinion\\s+(?:piece|column)|column` },
  { group: 'generic talk', weight: -0.5, pattern: `(?:важно|нужно|необходимо|следует|должны)${GAP(3)}?(?:изуча${W}|учитыва${W}|использова${W}|перенима${W})${GAP(1)}?(?:лучш${W}|передов${W})\\s+(?:практик${W}|опыт${W})` },
  { group: 'generic talk', weight: -1.2, pattern: `(?:нужно|необходимо|важно|следует|должны|стоит|призвал${W}|призыва${W})${GAP(3)}?(?:активнее\\s+)?(?:обмениват${W}|перенимат${W}|делиться|изучать|учиться)|(?:should|need\\s+to|must|urged|called\\s+on)${GAP(3)}?(?:share|exchange|learn|adopt|borrow|look\\s+more\\s+widely)` },
];

// One capturing group per cue, in order (the cue patterns themselves only use non-capturing groups).
const PATTERN = new RegExp(`(?<![\\p{L}\\p{N}])(?:${CUES.map((cue) => `(${cue.pattern})`).join('|')})`, 'gu');
if (new RegExp(`${PATTERN.source}|`, 'u').exec('')!.length !== CUES.length + 1) throw new Error('a cue pattern has a capturing group');
/** The same alternatives, tried only where a word starts (sticky). */
const STICKY = new RegExp(PATTERN.source, 'uy');
/**
 * Words a cue can start with, read off the patterns (the alternatives' leading letters): a word
 * that is none of them cannot open a cue, so the patterns are not tried there. Long beginnings are
 * kept as 3-letter prefixes; short ones as whole words ('по', 'в') or as prefixes ('us…').
 */
const CUE_PREFIXES = new Set<string>();
const CUE_WORDS = new Set<string>();
const CUE_SHORT_PREFIXES = new Set<string>();
for (const cue of CUES) {
  for (const match of cue.pattern.matchAll(/(?:^|\(\?:|\|)([a-zа-яё]+)(?=(.?))/gu)) {
    const literal = match[1]!;
    if (literal.length >= 3) CUE_PREFIXES.add(literal.slice(0, 3));
    else if (match[2] === '\\' || match[2] === ')' || match[2] === '|' || match[2] === '') CUE_WORDS.add(literal);
    else CUE_SHORT_PREFIXES.add(literal);
  }
}

function mayOpenCue(word: string): boolean {
  return CUE_WORDS.has(word) || CUE_PREFIXES.has(word.slice(0, 3)) || (CUE_SHORT_PREFIXES.size > 0 && (CUE_SHORT_PREFIXES.has(word[0]!) || CUE_SHORT_PREFIXES.has(word.slice(0, 2))));
}

/** Below zero evidence, an article is not an announcement: most government news is not. */
const BIAS = -2.2;
/** Cues in the title weigh this much more: a title states what the news is. */
const TITLE_BONUS = 0.5;
/** One family of cues cannot outvote the others on its own. */
const GROUP_CAP = 2.4;

/** The classifier's verdict. */
export interface Classification {
  isPracticeAnnouncement: boolean;
  /** Logistic of the evidence: the probability the article is an announcement. */
  confidence: number;
  reasons: string[];
  /** Raw evidence (before the logistic), for evaluation. */
  score: number;
}

/** Extra evidence found by the other extractors (a named practice, regions of origin and adopters). */
export interface ClassifierContext {
  practiceNamed: boolean;
  originRegion: boolean;
  adopterRegion: boolean;
}

const CONTEST = /(?<![\p{L}])(?:конкурс|contest|competition|преми|award)/u;

/** Cue matches in text order: at the starts of words that may open a cue when tokens are given. */
function cueMatches(folded: string, tokens: readonly Token[] | undefined): RegExpExecArray[] {
  if (!tokens) return [...folded.matchAll(PATTERN)];
  const matches: RegExpExecArray[] = [];
  let lastEnd = 0;
  for (const token of tokens) {
    if (!token.isWord || token.start < lastEnd || !mayOpenCue(token.folded)) continue;
    STICKY.lastIndex = token.start;
    const match = STICKY.exec(folded);
    if (!match) continue;
    lastEnd = token.start + match[0].length;
    matches.push(match);
  }
  return matches;
}

/**
 * Classifies a text (cleaned and folded; same offsets). `titleEnd` is the offset where the title
 * ends: cues before it get {@link TITLE_BONUS}.
 */
export function classify(clean: string, folded: string, titleEnd: number, context: ClassifierContext, tokens?: readonly Token[]): Classification {
  const byGroup = new Map<CueGroup, number>();
  const seenCues = new Set<number>();
  const reasons: string[] = [];
  for (const match of cueMatches(folded, tokens)) {
    const index = match.findIndex((group, i) => i > 0 && group !== undefined) - 1;
    if (index < 0 || seenCues.has(index)) continue;
    seenCues.add(index);
    const cue = CUES[index]!;
    const inTitle = match.index < titleEnd;
    const weight = cue.weight + (inTitle ? Math.sign(cue.weight) * TITLE_BONUS : 0);
    byGroup.set(cue.group, (byGroup.get(cue.group) ?? 0) + weight);
    const surface = clean.slice(match.index, match.index + match[0].length).replace(/\s+/g, ' ');
    reasons.push(`${cue.group} cue${inTitle ? ' (title)' : ''}: «${surface}» (${weight > 0 ? '+' : ''}${weight.toFixed(1)})`);
  }
  let score = BIAS;
  for (const total of byGroup.values()) score += Math.max(-GROUP_CAP, Math.min(GROUP_CAP, total));
  const positive = [...byGroup.values()].some((total) => total > 0);
  if (positive && context.practiceNamed) {
    score += 0.5;
    reasons.push('a concrete practice is named (+0.5)');
  }
  if (positive && context.originRegion) {
    score += 0.4;
    reasons.push('a region owns the practice (+0.4)');
  }
  if (positive && context.originRegion && context.adopterRegion) {
    score += 0.6;
    reasons.push('one region takes up another region’s practice (+0.6)');
  }
  if ((byGroup.get('contest win') ?? 0) > 0 && CONTEST.test(folded)) {
    score += 0.8;
    reasons.push('the win is in a contest of practices (+0.8)');
  }
  const confidence = 1 / (1 + Math.exp(-score));
  if (reasons.length === 0) reasons.push('no announcement cue found');
  return { isPracticeAnnouncement: confidence >= 0.5, confidence: Math.round(confidence * 1000) / 1000, reasons, score };
}
