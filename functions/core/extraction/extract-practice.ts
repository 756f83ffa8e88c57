import type { ExtractionInput, ExtractionRecord, Language } from '../model.js';
import { classify, type AnnouncementClassifier } from './classifier.js';
import { findFigures } from './figures.js';
import { isDateLine, isSignatureLine, withoutFurniture } from './furniture.js';
import { opinionMark } from './genre.js';
import { tokenise } from './lexicon.js';
import { cleanText, detectLanguage, foldText } from './normalise.js';
import { findOrganisations, findPlatforms } from './organisations.js';
import { findPeople, isGivenName } from './people.js';
import { findPractices } from './practices.js';
import { findRegionHits, resolveRegions, settlementNameTokens } from './regions.js';
import { findTopics } from './topics.js';

/**
 * Version of the extraction rules and catalogues. Bump it whenever an output may change: stored
 * records carry it, so a rebuild can tell which records are stale.
 */
export const EXTRACTOR_VERSION = '2026.12.07ab-posts-3';

/** Options of {@link extractPractice}. */
export interface ExtractOptions {
  /**
   * The publisher's own federal subject (ISO code), the origin when a text speaks of 'our practice'.
   * Defaults to the input's `publisherRegion`, which ingestion takes from the source's jurisdiction.
   */
  publisherRegion?: string | null;
  /** The announcement classifier; the shipped model unless training or cross-validation passes another. */
  classifier?: AnnouncementClassifier;
}

const OWN_PRACTICE = /(?<![\p{L}])(?:наш(?:а|у|ей|и|его|ем|их)?\s+(?:практик|опыт|решени|проект|модел)|our\s+(?:practice|experience|solution|project|model))/u;

/** 'Author: Natalia Alyoshina', 'Автор: Иван Петров': the writer of the piece, not a person in the news. */
const BYLINE = /^(?:author|by|text|автор|текст)\s*:\s*([^\n:]{2,80})$/i;

/**
 * A column's author under its headline: 'Ирина Лебедева, социолог, специально для издания', 'Anna
 * Lebedeva, urbanist': a name, a comma and a few words of credentials, with no sentence of its own,
 * and a name the text never mentions again (a photo caption's 'Сергей Собянин, мэр Москвы' names
 * someone the story goes on to quote).
 */
const AUTHOR_LINE = /^([А-ЯЁA-Z][а-яёa-z-]+\s+([А-ЯЁA-Z][а-яёa-z-]+)),\s+([^.!?\n]{3,120})$/;
/**
 * A column's author at its end: 'Андрей Веретенников — политолог, доцент кафедры …', 'Pavel Ostrovsky is a
 * researcher of regional governance.': a known given name, a surname, a dash or 'is a' and credentials in lower
 * case, among the last lines, a name the text never mentions elsewhere.
 */
const AUTHOR_TAIL = /^([А-ЯЁA-Z][а-яёa-z-]+\s+([А-ЯЁA-Z][а-яёa-z-]+))\s+(?:[—–]|is\s+(?:an?|the)(?=\s))\s+([a-zа-яё][^.!?\n]{2,160})\.?$/;
/**
 * A signature block at the end of a report or an address: the signer's initials and surname alone on a line
 * ('А.В. Гаврилов'), under the post's line ('Глава Республики Хакасия –'), the surname never named elsewhere.
 */
const SIGNED_INITIALS = /^\p{Lu}\.\s?\p{Lu}\.\s?(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)$/u;
/** How many of the last non-empty lines an author's line at the end may stand in (furniture may follow it). */
const AUTHOR_TAIL_REACH = 3;

/**
 * A column's attribution line, the name in the genitive ('Колонка Павла Сорокина, энергетического
 * консультанта', 'Блог Ирины Лебедевой'): the writer, not a person in the news. Taken out of the text
 * searched for people but not returned as the byline, whose name is wanted in the nominative.
 */
const COLUMN_LINE = /^(?:[Кк]олонка|[Бб]лог|[Мм]нение)\s+[А-ЯЁ][а-яё-]+\s+[А-ЯЁ][а-яё-]+(?:,\s+[^.!?\n]{3,120})?$/;

/** How far into the body a name-and-date byline may stand (non-empty lines): under the headline and the lead. */
const NAME_BYLINE_REACH = 4;

/** The surname's stem, case endings aside ('Лебедева' → 'Лебед'). */
const surnameStem = (surname: string): string => surname.slice(0, Math.max(4, surname.length - 2));
/** Whether the text names the surname, in any case, on a line other than `except`: then its bearer is in the news. */
const namedElsewhere = (lines: readonly string[], except: number, surname: string): boolean => {
  const stem = surnameStem(surname);
  return lines.some((line, i) => i !== except && line.includes(stem));
};

/** Takes byline lines out of the text that is searched for people, and returns the first byline's name. */
function withoutByline(body: string): { text: string; byline: string | null } {
  let byline: string | null = null;
  const lines = body.split('\n');
  const firstLine = lines.findIndex((line) => line.trim() !== '');
  const author = firstLine >= 0 ? AUTHOR_LINE.exec(lines[firstLine]!.trim()) : null;
  const authorLine = author && author[3]!.split(/\s+/).length <= 12 && !namedElsewhere(lines, firstLine, author[2]!) ? firstLine : -1;
  // A writer's signature (`isSignatureLine`) next to the date line, near the top, and never mentioned again
  // ('Ольга Лебедева' over '23 мая 2024, 11:20', 'Nikolai Ostapenko' over '12.03.2024').
  const filled = lines.map((line, i) => ({ line: line.trim(), i })).filter(({ line }) => line);
  let nameLine = -1;
  let name: string | null = null;
  for (let k = 0; k < Math.min(filled.length, NAME_BYLINE_REACH) && nameLine < 0; k += 1) {
    // A known given name first ('Новости Минтруда' over a date is a section's name), a date line beside it.
    // A correspondent's place after the name ('Denis Voronin in Moscow', as bne IntelliNews signs).
    const line = filled[k]!.line.replace(/\s+in\s+\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)?$/u, '');
    if (!isSignatureLine(line) || ![filled[k - 1], filled[k + 1]].some((next) => next && isDateLine(next.line))) continue;
    const signed = line.split(',')[0]!.replace(/\.$/, '').trim();
    if (namedElsewhere(lines, filled[k]!.i, signed.split(/\s+/)[1]!)) continue;
    nameLine = filled[k]!.i;
    name = signed;
  }
  // The author's line at the end of a column; its name may also stand in the byline ('By Pavel Ostrovsky').
  const unsigned = lines.map((line) => (/^\s*(?:by|author|автор|текст)(?=[\s:])/i.test(line) ? '' : line));
  let tailLine = -1;
  let tailName: string | null = null;
  for (let k = Math.max(0, filled.length - AUTHOR_TAIL_REACH); k < filled.length; k += 1) {
    const { line, i } = filled[k]!;
    const tail = AUTHOR_TAIL.exec(line);
    if (tail && isSignatureLine(tail[1]!) && !namedElsewhere(unsigned, i, tail[2]!)) {
      tailLine = i;
      tailName = tail[1]!;
    }
    // The signer's initials under the post's line, which no sentence ends.
    const signer = SIGNED_INITIALS.exec(line);
    const post = filled[k - 1]?.line;
    if (signer && post && !/[.!?»"”…]$/.test(post) && !namedElsewhere(lines, i, signer[1]!)) {
      tailLine = i;
      tailName = line;
    }
  }
  const kept = lines.filter((line, i) => {
    if (i === tailLine) {
      byline ??= tailName;
      return false;
    }
    if (i === nameLine) {
      byline ??= name;
      return false;
    }
    if (i === authorLine) {
      byline ??= author![1]!;
      return false;
    }
    if (COLUMN_LINE.test(line.trim())) return false;
    const match = BYLINE.exec(line.trim());
    if (!match) return true;
    byline ??= match[1]!.trim();
    return false;
  });
  // Most texts have no byline: the body as it was, not joined again from its lines.
  return { text: (kept.length === lines.length ? body : kept.join('\n')).trim(), byline };
}

/**
 * Turns an article into the record of `EXTRACTION.md`: classification with confidence and reasons,
 * practices, regions with roles, organisations, people, platforms, figures and topics. Pure and
 * deterministic; linear in the length of the text.
 */
export function extractPractice(input: ExtractionInput, options: ExtractOptions = {}): ExtractionRecord {
  const rawTitle = cleanText(input.title).trim();
  const lead = input.lead ? cleanText(input.lead).trim() : '';
  const cleanBody = cleanText(input.bodyText).trim();
  // A post copied with its channel's name over its time and no headline ('Максим Егоров' over '10:05'), the name
  // never written again: the title is the writer's signature, not a headline naming a person.
  const bodyLines = cleanBody.split('\n');
  const signedTitle = isSignatureLine(rawTitle) && isDateLine(bodyLines[0]!.trim()) && !namedElsewhere(bodyLines, -1, rawTitle.split(/\s+/)[1]!) ? rawTitle : null;
  const title = signedTitle ? '' : rawTitle;
  const { text: body, byline } = withoutByline(cleanBody);
  const leadAndBody = [lead, body].filter(Boolean).join('\n\n');
  const clean = `${title}\n\n${leadAndBody}`;
  const folded = foldText(clean);
  const language: Language = input.language ?? detectLanguage(clean);
  const tokens = tokenise(clean, folded);
  // Entities are read from the text without its datelines, credits and bylines (same offsets).
  const { text: entityClean, tokens: entityTokens } = withoutFurniture(clean, tokens);

  const allRegionHits = findRegionHits(entityTokens, entityClean);
  const regionStarts = new Set(allRegionHits.map((hit) => hit.start));
  const { organisations, hits: organisationHits } = findOrganisations(
    entityTokens,
    regionStarts,
    new Set(allRegionHits.filter((hit) => !hit.adjectival).map((hit) => hit.end)),
  );
  const blocked = new Set<number>();
  // Organisations named by a person ('Путин') stay open to the people finder, and so does a
  // one-word place right after a given name: a surname shaped like a town ('Елена Павлова',
  // 'Сергей Королёв'), which the people finder then takes out of the regions.
  const surnameLike = (hit: { start: number; end: number; adjectival: boolean; subject?: boolean }): boolean => {
    const before = entityTokens[hit.start - 1];
    // 'Антоном Кольцовым' (Кольцово), 'Станислав Воскресенский' (Воскресенск): a surname's ending, though
    // shaped like the place's adjective.
    const surnameShaped = !hit.adjectival || /(ов|ев|ёв|ин|ын)(ым|ой|а|у|е|ом)?$|(ск|цк)(ий|ого|ому|им|ом|ая|ой|ую)$/.test(entityTokens[hit.start]!.folded);
    return hit.end === hit.start + 1 && !hit.subject && surnameShaped && !!before?.isWord && before.capitalised && before.sentence === entityTokens[hit.start]!.sentence && isGivenName(before);
  };
  for (const hit of [...allRegionHits.filter((hit) => !surnameLike(hit)), ...organisationHits.filter((hit) => !hit.person)]) for (let i = hit.start; i < hit.end; i += 1) blocked.add(i);
  for (const i of settlementNameTokens(entityTokens)) blocked.add(i);
  const { people, spans } = findPeople(entityTokens, entityClean, blocked);
  const personTokens = new Set<number>();
  for (const span of spans) for (let i = span.start; i < span.end; i += 1) personTokens.add(i);
  // A town-shaped surname read as a person once is that person wherever it stands alone ('Павлова провела урок').
  const personSurnames = new Set(spans.filter((span) => regionStarts.has(span.end - 1)).map((span) => entityTokens[span.end - 1]!.key));
  // And any named person's surname with a case ending: 'Денис Мантуров … По словам Мантурова' is no Мантурово,
  // though the nominative matched no town (the stemmer cuts the two forms apart: 'мантур', 'мантуров').
  const fullNameSurnames = spans.filter((span) => span.end - span.start > 1).map((span) => entityTokens[span.end - 1]!.folded);
  const surnameInCase = (folded: string): boolean => fullNameSurnames.some((surname) => surname.length >= 5 && folded.startsWith(surname) && folded.length - surname.length <= 2);
  const regionHits = allRegionHits.filter((hit) => !personTokens.has(hit.start) && !(hit.end === hit.start + 1 && !hit.place && (personSurnames.has(entityTokens[hit.start]!.key) || surnameInCase(entityTokens[hit.start]!.folded))));
  const platforms = findPlatforms(entityTokens);
  const practices = findPractices(clean);
  const publisherRegion = options.publisherRegion ?? input.publisherRegion ?? null;
  const ownPracticeRegion = publisherRegion && OWN_PRACTICE.test(folded) ? publisherRegion : null;
  const regions = resolveRegions(entityTokens, regionHits, { ownPracticeRegion });

  const classified = (options.classifier ?? classify)({
    clean,
    folded,
    titleEnd: title.length,
    // The tokens the region hits index (same offsets as `clean`; furniture masked).
    tokens: entityTokens,
    regionHits,
    regions,
    practicesNamed: practices.length,
    organisations: organisations.map((organisation) => organisation.id),
    personSpans: spans,
    language,
  });
  const opinion = input.libraryPractice ? null : opinionMark({ section: input.section, title, url: input.url, folded });
  const classification = opinion ? asOpinion(classified, opinion) : input.libraryPractice || isPracticeCard(input.bodyText) ? asLibraryPractice(classified, folded) : classified;
  if (classification.isPracticeAnnouncement && !regions.some((region) => region.role === 'origin')) {
    // The subject named in the title is the one the news is about.
    const titleHit = regionHits.find((hit) => entityTokens[hit.start]!.end <= title.length);
    const region = titleHit && regions.find((candidate) => candidate.code === titleHit.code);
    if (region) region.role = 'origin';
  }

  return {
    sourceId: input.sourceId,
    url: input.url,
    title: input.title,
    publishedAt: input.publishedAt,
    language,
    author: input.author ?? byline ?? signedTitle,
    lead: input.lead,
    bodyText: input.bodyText,
    isPracticeAnnouncement: classification.isPracticeAnnouncement,
    confidence: classification.confidence,
    reasons: classification.reasons,
    practices,
    regions,
    organisations,
    people,
    platforms,
    figures: findFigures(leadAndBody, language),
    topics: findTopics(tokens),
    extractorVersion: EXTRACTOR_VERSION,
  };
}

/**
 * Confidence of a featured library practice: about what the labels say of such pages (11 of the 12 practice
 * cards of test/devset-retold-smarteka are announcements; the twelfth is still under review).
 */
const LIBRARY_PRACTICE_CONFIDENCE = 0.9;
/** A library's practice page still under review or turned down ('Статус заявки: на экспертизе') is not featured yet. */
const NOT_FEATURED = /(статус[^.\n]{0,30}(на экспертизе|на модерации|на рассмотрении|отклонен)|status[^.\n]{0,30}(under review|pending|rejected))/;

/**
 * The headings of a library's practice card, each opening a line or a sentence, alone or followed by its text
 * ('Проблема', 'Решение Региональный центр занятости …', 'Кому подойдёт'), not a sentence that opens
 * with the word ('Решение принято').
 */
// Not case-insensitive: under the `i` flag `\p{Lu}` would take any letter, and a sentence's next word is lower case.
const CARD_HEADING = /^(Проблема|Решение|Результаты?|Ресурсы|Эффекты?|Кому подойд[её]т|Problem|Solution|Results?|Resources|Effects?|Who (?:it )?suits)\s*:?(?:$|\s+(?=\p{Lu}))/u;
/** Distinct card headings that make a page a practice card. */
const CARD_HEADINGS = 3;

/**
 * Whether the text is a best-practice library's practice card copied from any source (a Smarteka card
 * saved as text, or reposted): at least {@link CARD_HEADINGS} distinct card headings. All fifteen
 * featured cards among our labelled sets are announcements, as EXTRACTION.md counts a practice featured
 * in a library; the one under review is left to `NOT_FEATURED`.
 */
function isPracticeCard(body: string): boolean {
  const found = new Set<string>();
  // Lines, and sentences: a copy that joins a card's lines runs each heading on after the previous text's stop.
  for (const line of body.split(/\n|(?<=[.!?…])\s+/u)) {
    const match = CARD_HEADING.exec(line.trim());
    if (match) found.add(match[1]!.toLowerCase().replace('ё', 'е').replace(/ы$/, ''));
  }
  return found.size >= CARD_HEADINGS;
}

/**
 * Highest confidence of a page its publisher files as opinion: none of the 71 such texts of our labelled sets
 * is an announcement (devtexts has none), and three in 71 is the bound the rule of three puts on that rate.
 */
const OPINION_CONFIDENCE = 0.04;

/**
 * A page its publisher files as an opinion piece (its rubric, its address or its disclaimer: genre.ts) is
 * no announcement, as EXTRACTION.md says of an opinion column, whatever vocabulary it uses: a column on
 * why practices do not travel names contests, libraries and replication throughout. The model's reasons
 * stay, after the mark. Measured in the twenty-fourth session (README).
 */
function asOpinion(classified: ReturnType<typeof classify>, mark: string): ReturnType<typeof classify> {
  return {
    ...classified,
    isPracticeAnnouncement: false,
    confidence: Math.min(classified.confidence, OPINION_CONFIDENCE),
    reasons: [`filed as opinion («${mark}»): an opinion column is no announcement`, ...classified.reasons],
  };
}

/**
 * A page of a best-practice library (a source with `practiceLibrary`) features one practice, which
 * EXTRACTION.md counts as an announcement whatever its words: a practice card reads 'Проблема',
 * 'Решение', 'Результаты', not 'added to the library'. The model's reasons stay, after the source's.
 */
function asLibraryPractice(classified: ReturnType<typeof classify>, folded: string): ReturnType<typeof classify> {
  if (NOT_FEATURED.test(folded)) return classified;
  return {
    ...classified,
    isPracticeAnnouncement: true,
    confidence: Math.max(classified.confidence, LIBRARY_PRACTICE_CONFIDENCE),
    reasons: ['a practice page of a best-practice library: featured in the library', ...classified.reasons],
  };
}
