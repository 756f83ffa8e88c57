import organisationCatalogue from '../catalogues/organisations.json' with { type: 'json' };
import firstNames from '../catalogues/first-names.json' with { type: 'json' };
import platformCatalogue from '../catalogues/platforms.json' with { type: 'json' };
import type { OrganisationMention, PlatformMention } from '../model.js';
import { PhraseTrie, defineWordClass, keysOfCatalogueWord, type Token } from './lexicon.js';
import { foldText } from './normalise.js';

/** One organisation of the catalogue (see `catalogues/organisations.json`). */
export interface OrganisationEntry {
  id: string;
  name: string;
  nameEn: string;
  federal: boolean;
  aliases: string[];
  aliasesEn: string[];
  abbreviations: string[];
  /** The person who acts as the body, in any form ('Владимир Путин', 'Putin'): a person too. */
  persons?: string[];
  /** Words that name the body alone when they stand for it ('Президент подчеркнул', 'the Government'). */
  bare?: string[];
  /** Titles before a bare word that make it a bare title ('Председатель Правительства'). */
  bareNotAfter?: string[];
  /** Words before any mention that make it part of another's name or title ('грант Президента'). */
  notAfter?: string[];
  /** Words right after a mention that make it part of another's name ('Russian Government Commission'). */
  notBefore?: string[];
  /**
   * A region's body bears the name too, in full and short: named in full as a region's ('Государственному Совету
   * Удмуртской Республики'), its other names in the text are the region's ('депутаты Госсовета'). Not the other
   * way: a hashtag line '#Госсовет #Коми' names no republic's parliament.
   */
  regionalNamesake?: boolean;
}

/** One platform of the catalogue (see `catalogues/platforms.json`). */
export interface PlatformEntry {
  id: string;
  name: string;
  nameEn: string;
  aliases: string[];
  aliasesEn: string[];
}

/**
 * A federal minister's title spelled out with the country names the ministry (EXTRACTION.md: a title
 * spelled out with the body's name): 'министр по развитию Дальнего Востока и Арктики Российской
 * Федерации', 'Minister of Science and Higher Education of Russia', "Russia's Minister of Construction,
 * Housing and Utilities". Derived here from each ministry's name ('Министерство …', 'Ministry of …';
 * the MVD's too, which is not marked `federal` because its regional directorates carry its name) so
 * that every ministry of the catalogue has them, not only
 * those someone wrote out; case forms ('заместитель министра …') are generated as for any alias. A
 * bare title ('министр финансов', 'the Finance Minister') still names nothing.
 */
function withMinisterTitles(entry: OrganisationEntry): OrganisationEntry {
  const ru = entry.aliases.flatMap((alias) => {
    const rest = /^Министерство\s+(.+)$/u.exec(alias)?.[1];
    if (!rest) return [];
    const titles = ['России', 'РФ', 'Российской Федерации'].map((country) => `министр ${rest} ${country}`);
    // 'министр Российской Федерации по развитию Дальнего Востока и Арктики': the country before 'по …'.
    return rest.startsWith('по ') ? [...titles, `министр Российской Федерации ${rest}`] : titles;
  });
  const en = entry.aliasesEn.flatMap((alias) => {
    const rest = /^Ministry\s+((?:of|for)\s+.+)$/u.exec(alias)?.[1];
    // A machine translation puts an article before the field ('Ministry of the economic development').
    const article = /^of\s+(?!the\s)(.+)$/u.exec(rest ?? '')?.[1];
    const translated = article ? [`Ministry of the ${article}`] : [];
    if (rest && !/\b(Russia|Russian Federation)$/.test(rest)) return [...translated, `Minister ${rest} of Russia`, `Minister ${rest} of the Russian Federation`, `Russia's Minister ${rest}`, `Russian Minister ${rest}`];
    if (translated.length) return translated;
    // 'Finance Ministry' → "Russia's Finance Minister", 'Russian Finance Minister'.
    const field = /^(.+)\s+Ministry$/u.exec(alias)?.[1];
    return field && !/^(Russia|Russian)\b/.test(field) ? [`Russia's ${field} Minister`, `Russian ${field} Minister`] : [];
  });
  const add = (list: string[], extra: string[]) => [...list, ...extra.filter((alias) => !list.some((known) => known.toLowerCase() === alias.toLowerCase()))];
  return { ...entry, aliases: add(entry.aliases, ru), aliasesEn: add(entry.aliasesEn, en) };
}

export const ORGANISATIONS: readonly OrganisationEntry[] = organisationCatalogue.organisations.map(withMinisterTitles);

/** Keys of the last word of each phrase: what must stand right before a mention. */
const keysOfLastWords = (phrases: readonly string[] = []): Set<string> =>
  new Set(phrases.flatMap((phrase) => keysOfCatalogueWord(phrase.trim().split(/\s+/).pop()!.toLowerCase())));
const BODY_NOUNS = keysOfLastWords(organisationCatalogue.bodyNouns);
const FEDERAL_CUES = keysOfLastWords(organisationCatalogue.federalCues);
const TERRITORY_NOUNS = keysOfLastWords(organisationCatalogue.territoryNouns);
/** Per entry: the keys of its bare words, of the titles that block them and of the words that block any mention. */
const CONTEXT = new Map(
  ORGANISATIONS.map((entry) => [
    entry.id,
    {
      bare: new Set((entry.bare ?? []).flatMap((word) => keysOfCatalogueWord(word.toLowerCase()))),
      bareNotAfter: keysOfLastWords(entry.bareNotAfter),
      notAfter: keysOfLastWords(entry.notAfter),
      notBefore: keysOfLastWords(entry.notBefore),
    },
  ]),
);
const BARE_ENTRIES = ORGANISATIONS.filter((entry) => entry.bare?.length);
/** Every bare word's key: most words are none, and are passed over with one lookup. */
const BARE_KEYS = new Set(BARE_ENTRIES.flatMap((entry) => [...CONTEXT.get(entry.id)!.bare]));
const BARE_WORD = defineWordClass((_, key) => BARE_KEYS.has(key));
/** A title in the nominative that opens a clause's subject right after a body's bare name. */
const TITLE_SUBJECT = /^(председатель|министр|губернатор|заместитель|вице-премьер|премьер-министр|руководитель|глава|мэр|полпред)$/;
/** Nouns of an official act, which official style capitalises ('Указом', 'Распоряжением', 'Поручению'). */
const ACT_NOUN = /^(указ|распоряжени|постановлени|поручени|послани)/;
/** A passive participle's short form ('объявлен', 'утверждена', 'подписано', 'приняты'): the noun after it in the instrumental is its agent. */
const PASSIVE_SHORT = /^[а-я]{3,}(?:[ая]н|ен|ён|[ая]нн?[аоы]|енн?[аоы]|ённ?[аоы]|ит|ыт|ут|ит[аоы]|ыт[аоы]|ут[аоы])$/;
/** A body that acts on an act's behalf in the clause after it ('По поручению Президента Правительство продлевает …'). */
const ACTING_BODY = /^(?:правительств|министерств|government|ministry)/;
/** Russian given names in the nominative ('Алексей', 'Мария'), folded. */
const NOMINATIVE_GIVEN_NAMES = new Set([...firstNames.ruMale, ...firstNames.ruFemale].map((name) => name.toLowerCase().replace(/ё/g, 'е')));
/** Words skipped when looking at what stands before a mention ('Adviser to the President'). */
const FILLERS = new Set(['the', 'of', 'to', 'a']);
const COUNTRY = /^(рф|росси[ияйю]|федерации|russia|federation)$/;
/** A region's abbreviation after a federal body's short name ('Минсельхоз РБ', 'Минздрав РТ'); not 'РФ'. */
const REGION_ABBREVIATION = /^(Р[БТДКСМ]|РС\(Я\)|РСО|РМЭ|ЧР|КБР|КЧР|УР|ХМАО|ЯНАО|НАО|ЕАО|ДНР|ЛНР)$/;
const POSSESSIVE = /^(наш|ваш|свой|своего|своему|своим|своем|его|ее|их|our|your|their|its|his|her)$/;
/**
 * Words of address before a title ('господин Президент', 'Уважаемый Президент', 'Mr President',
 * 'Mr. President'): the speaker addresses a person in a transcript; the body does not act.
 */
const ADDRESS = /^(господин|госпожа|г-н|уважаем(ый|ая|ого|ому)|дорог(ой|ая|ого)|товарищ|mr|mrs|ms|mister|madam|dear)$/;

/** Whether a form of address stands right before `index` ('господин Президент', 'Mr. President'). */
function addressedAt(tokens: readonly Token[], index: number): boolean {
  const before = tokens[index - 1]?.surface === '.' ? tokens[index - 2] : tokens[index - 1];
  return !!before?.isWord && ADDRESS.test(before.folded);
}
export const PLATFORMS: readonly PlatformEntry[] = platformCatalogue.platforms;

/** A catalogue entry found in a text, with the tokens it spans. */
export interface CatalogueHit<T> {
  entry: T;
  start: number;
  end: number;
  /** Named through the person who embodies it ('Путин'): the tokens are also a person's name. */
  person?: boolean;
}

/** An English possessive ("ASI's"): as `/['’]s$/.test(surface)`, without a regex per token. */
function isPossessive(surface: string): boolean {
  const before = surface.charCodeAt(surface.length - 2);
  return surface.charCodeAt(surface.length - 1) === 0x73 && (before === 0x27 || before === 0x2019);
}

class CatalogueMatcher<T extends { aliases: string[]; aliasesEn: string[]; name: string; nameEn: string; abbreviations?: string[]; persons?: string[] }> {
  private readonly trie = new PhraseTrie<{ entry: T; person: boolean }>();
  private readonly abbreviations = new Map<string, T>();
  /** The word classes of the words a name of the trie starts with, and of the words an abbreviation may be. */
  private readonly firstWord: number;
  private readonly abbreviationWord: number;

  constructor(entries: readonly T[]) {
    for (const entry of entries) {
      for (const alias of [entry.name, entry.nameEn, ...entry.aliases, ...entry.aliasesEn]) {
        this.trie.add(alias, { entry, person: false });
        // A name of three words or more is distinctive in any letter case ('Ministry of economic development').
        if (alias.split(/\s+/).length >= 3 && alias !== alias.toLowerCase()) this.trie.add(alias.toLowerCase(), { entry, person: false });
      }
      for (const person of entry.persons ?? []) this.trie.add(person, { entry, person: true });
      for (const abbreviation of entry.abbreviations ?? []) this.abbreviations.set(abbreviation, entry);
    }
    this.firstWord = defineWordClass((_, key) => this.trie.startsWith(key));
    // A word written as an abbreviation folds as the abbreviation does (possessive or not).
    const folded = new Set([...this.abbreviations.keys()].flatMap((abbreviation) => [foldText(abbreviation), foldText(`${abbreviation}'s`), foldText(`${abbreviation}’s`)]));
    this.abbreviationWord = defineWordClass((word) => folded.has(word));
  }

  /** The entry whose abbreviation the token is, possessive or not ("ASI's"). */
  private abbreviationOf(token: Token): T | undefined {
    if (!(token.classes & this.abbreviationWord)) return undefined;
    return this.abbreviations.get(token.surface) ?? (isPossessive(token.surface) ? this.abbreviations.get(token.surface.slice(0, -2)) : undefined);
  }

  find(tokens: readonly Token[]): Array<CatalogueHit<T>> {
    const hits: Array<CatalogueHit<T>> = [];
    for (let i = 0; i < tokens.length; ) {
      const token = tokens[i]!;
      if (!(token.classes & this.firstWord || this.abbreviationOf(token))) {
        i += 1;
        continue;
      }
      const match = this.trie.longestAt(tokens, i);
      if (match) {
        hits.push({ entry: match.values[0]!.entry, start: i, end: match.end, person: match.values[0]!.person });
        i = match.end;
        continue;
      }
      const abbreviation = this.abbreviationOf(token);
      if (abbreviation) hits.push({ entry: abbreviation, start: i, end: i + 1 });
      i += 1;
    }
    return hits;
  }
}

const organisationMatcher = new CatalogueMatcher(ORGANISATIONS);
const platformMatcher = new CatalogueMatcher(PLATFORMS);

/** 'регионального Минтранса', 'the regional Ministry of Finance', 'the republic's Ministry of Finance': a regional body, not the federal one. */
const REGIONAL_BEFORE = /^(регионал|областн|республиканск|краев|городск|муниципальн|окружн|местн|regional|local|city|municipal|republic|region['’]s|territory['’]s|oblast['’]s|krai['’]s|okrug['’]s|(chuvash|chuvashian|tatar|bashkir|bashkortostani|yakut|buryat|chechen|dagestani|ingush|kalmyk|karelian|mordovian|udmurt|tuvan|khakass|adyghe|kabardino-balkarian|karachay-cherkess|ossetian|crimean)$)/;
/** A Russian adjective's ending ('чувашский', 'татарстанского'): a region's adjective, not its name ('в Казани'). */
const ADJECTIVE = /[а-яё](ий|ый|ой|ая|яя|ое|ее|ого|его|ому|ему|ым|им|ом|ем|ую|юю)$/;
/** Words that may stand between a ministry's name and the region it belongs to. */
const LINKING = new Set(['of', 'the', 'по', 'for']);
/** Other countries, by name ('Министерство здравоохранения Узбекистана', 'Ministry of Health of Uzbekistan') and by adjective ('the Kazakh Ministry of Agriculture'). */
const FOREIGN_COUNTRY = /^(узбекистан|казахстан|беларус|белорусси|киргизи|кыргызстан|таджикистан|туркмени|армени|азербайджан|абхази|монголи|кита[яею]|кнр|вьетнам|турци|иран|серби|кубы|египт|uzbekistan|kazakhstan|belarus|kyrgyzstan|kirghizia|tajikistan|turkmenistan|armenia|azerbaijan|abkhazia|mongolia|china|vietnam|turkey|türkiye|iran|serbia|cuba|egypt)/;
const FOREIGN_BEFORE = /^(узбекск|казахск|казахстанск|белорусск|киргизск|кыргызск|таджикск|туркменск|армянск|азербайджанск|абхазск|монгольск|китайск|вьетнамск|турецк|иранск|сербск|кубинск|египетск|uzbek|kazakh|kazakhstani|belarusian|kyrgyz|tajik|turkmen|armenian|azerbaijani|abkhaz|mongolian|chinese|vietnamese|turkish|iranian|serbian|cuban|egyptian)/;

/** Whether another country's name follows a body's name or its adjective comes before it: that country's body. */
function foreignBody(tokens: readonly Token[], start: number, end: number): boolean {
  if (FOREIGN_BEFORE.test(tokens[start - 1]?.folded ?? '')) return true;
  let k = end;
  while (tokens[k]?.isWord && (LINKING.has(tokens[k]!.folded) || /^(республики|republic)$/.test(tokens[k]!.folded))) k += 1;
  return !!tokens[k]?.isWord && tokens[k]!.capitalised && FOREIGN_COUNTRY.test(tokens[k]!.folded);
}
/**
 * Regional ministries often carry a longer name than the federal one they resemble: 'министр
 * экономического развития и промышленности Калужской области', 'Minister of Economic Development
 * and Investment of the Samara Region'. These stems continue such a name after 'и'/'and'.
 */
const MINISTRY_CONTINUATION = /^(жкх|жилищн|коммунальн|архитектур|градостро|housing|utilit|architect|промышлен|инвест|торгов|предприним|инновац|труд|цифров|сельск|туризм|внешн|экономич|финанс|политик|энергет|транспорт|имуществ|конкурент|государствен|управлени|информацион|технолог|связ|массов|коммуникац|перерабат|industr|invest|trade|innovat|entrepreneur|tourism|digital|agricult|labou?r|foreign|econom|financ|polic|energ|transport|propert|public|administrat|information|technolog|communicat|mass|scien|educat|health|cultur|sport|social|ecolog|natur|youth|develop)/;

/** A ministry's head noun, lower case in a list ('министерство строительства и министерство здравоохранения области'). */
const MINISTRY_HEAD = /^(министерств[оаеу]?|ministry)$/;
/** Head nouns of the other bodies a list of a region's ministries goes on with. */
const LISTED_BODY_HEAD = /^(фонд[аеу]?|комитет[аеу]?|департамент[аеу]?|агентств[оаеу]|управлени[яеюи]|корпораци[ияюей]|fund|committee|department|agency|corporation)$/;

/**
 * A word that may continue a ministry's name: one of its usual words, or a lower-case Russian word in
 * the genitive ('имущественных отношений', 'науки'), which no verb or preposition is.
 */
function continuesName(token: Token | undefined): boolean {
  if (!token?.isWord) return false;
  if (MINISTRY_CONTINUATION.test(token.folded)) return true;
  // Genitive nouns in -а and plurals with no ending ('дорожного хозяйства', 'автомобильных дорог'); not a past verb ('направила').
  return (
    !token.capitalised &&
    (/^[а-яё-]{3,}(ых|их|ого|его|ой|ей|ий|ия|ии|ов|ев|ств|ций|ний|ти|ки|ги|ы|и|а)$/.test(token.folded) || /^(дорог|дел|услуг|земель)$/.test(token.folded)) &&
    !/^(ради|среди)$/.test(token.folded) &&
    !/ла$/.test(token.folded)
  );
}

/**
 * A territory noun in the singular ('области', 'края', 'region'): one region's body. Not a plural ('органы власти
 * субъектов' are the regions' in general) nor, in English, an adjective sharing the noun's stem ('regional').
 */
function isTerritoryNoun(token: Token | undefined): boolean {
  if (!token?.isWord || !TERRITORY_NOUNS.has(token.key)) return false;
  if (/[а-яё]/.test(token.folded)) return !/(ов|ев|ах|ям|ам|ами|ями|ей)$/.test(token.folded);
  return /^(region|territory|district|city|republic|oblast|krai|okrug)$/.test(token.folded);
}

/** Whether the country's name follows a body's name ('Министерство культуры Российской Федерации', 'Economy Ministry of Russia'). */
function countryAfter(tokens: readonly Token[], end: number): boolean {
  let k = end;
  while (tokens[k]?.isWord && FILLERS.has(tokens[k]!.folded)) k += 1;
  return !!tokens[k]?.isWord && (COUNTRY.test(tokens[k]!.folded) || /^(российск|russian)/.test(tokens[k]!.folded));
}

/** Whether a region follows the organisation name ending before `from`, directly or after a compound name's continuation. */
function regionFollows(tokens: readonly Token[], from: number, regionStarts: ReadonlySet<number>): boolean {
  let next = from;
  while (tokens[next] && LINKING.has(tokens[next]!.folded)) next += 1;
  if (regionStarts.has(next) || isTerritoryNoun(tokens[next])) return true;
  // A parliament's second name after a dash ('Государственного Совета — Хасэ Республики Адыгея', 'Государственное
  // Собрание — Курултай Республики Башкортостан').
  if (/^[—–-]$/.test(tokens[next]?.surface ?? '') && tokens[next + 1]?.isWord && tokens[next + 1]!.capitalised && regionStarts.has(next + 2)) return true;
  // The name runs on after 'и', a comma or straight on ('Министерства цифрового развития государственного
  // управления, информационных технологий и связи Республики Татарстан'), in words that continue a name.
  const joined = tokens[next]?.folded === 'и' || tokens[next]?.folded === 'and' || tokens[next]?.surface === ',';
  if (joined) next += 1;
  else if (!continuesName(tokens[next])) return false;
  let words = 0;
  let steps = 0;
  // Only words that continue a name count: 'Ministry of Construction, the city said' runs on in no name.
  // A territory noun ends the name ('… внешних связей области'), though shaped like its genitive words.
  // A list of ministries shares the region at its end ('министерство строительства и министерство
  // здравоохранения области'): another ministry's or regional body's head noun runs the list on ('министерства
  // экономического развития, министерства промышленности и торговли и Фонда развития промышленности Тверской области').
  while (tokens[next] && steps < 14 && !regionStarts.has(next) && !isTerritoryNoun(tokens[next]) && (continuesName(tokens[next]) || MINISTRY_HEAD.test(tokens[next]!.folded) || LISTED_BODY_HEAD.test(tokens[next]!.folded) || LINKING.has(tokens[next]!.folded) || tokens[next]!.folded === 'и' || tokens[next]!.folded === 'and' || tokens[next]!.surface === ',')) {
    if (continuesName(tokens[next])) words += 1;
    next += 1;
    steps += 1;
  }
  return words > 0 && (regionStarts.has(next) || isTerritoryNoun(tokens[next]));
}

/**
 * Organisations of the catalogue named in the tokens, once each, in order of first mention. A
 * federal body's name followed by a region ('Минфин Челябинской области') is that region's body and
 * is left out, as is one right after a region ('Chelyabinsk Region Ministry of Finance');
 * `regionStarts` and `regionEnds` hold the token indices where region mentions start and end. `hits` are all
 * matches, kept or not (their tokens are not people).
 */
export function findOrganisations(tokens: readonly Token[], regionStarts: ReadonlySet<number>, regionEnds: ReadonlySet<number> = new Set()): { organisations: OrganisationMention[]; hits: Array<CatalogueHit<OrganisationEntry>> } {
  const found = new Map<string, OrganisationMention>();
  const hits = organisationMatcher.find(tokens);
  const kept: Array<CatalogueHit<OrganisationEntry>> = [];
  // Entries the text names as a region's body ('Госсовет Татарстана') and as the country's ('Минфин России').
  const regional = new Set<string>();
  const national = new Set<string>();
  // Entries the text names in full as a region's body ('Государственному Совету Удмуртской Республики').
  const regionalInFull = new Set<string>();
  for (const hit of hits) {
    if (hit.entry.federal) {
      if (foreignBody(tokens, hit.start, hit.end)) continue;
      if (COUNTRY.test(tokens[hit.end - 1]!.folded) || countryAfter(tokens, hit.end) || /^(russia['’]s|russian)$/.test(tokens[hit.start - 1]?.folded ?? '')) national.add(hit.entry.id);
      const regionsBody =
        REGIONAL_BEFORE.test(tokens[hit.start - 1]?.folded ?? '') ||
        // 'Chelyabinsk Region Ministry of Finance': a region right before the name.
        (regionEnds.has(hit.start) && tokens[hit.start - 1]?.sentence === tokens[hit.start]!.sentence) ||
        // 'чувашский Минфин', 'татарстанское Минэкономразвития': a region's adjective right before it.
        (regionStarts.has(hit.start - 1) && ADJECTIVE.test(tokens[hit.start - 1]!.folded) && tokens[hit.start - 1]!.sentence === tokens[hit.start]!.sentence) ||
        // 'Минсельхоз РБ': a region's abbreviation after the name.
        REGION_ABBREVIATION.test(tokens[hit.end]?.surface ?? '') ||
        // 'Правительство РФ' names its country: a region after it is another subject.
        (!COUNTRY.test(tokens[hit.end - 1]!.folded) && regionFollows(tokens, hit.end, regionStarts));
      if (regionsBody) {
        regional.add(`${hit.entry.id} ${tokens[hit.start]!.key}`);
        if (hit.end - hit.start > 1) regionalInFull.add(hit.entry.id);
        continue;
      }
      // 'между министерствами здравоохранения двух регионов': ministries in the plural are the regions', not the federal one.
      if (/^(министерств(ами|ам|ах)|ministries)$/.test(tokens[hit.start]!.folded)) continue;
    }
    if (onChromeLine(tokens, hit.start, hit.end) || kremlinAsPlace(tokens, hit.start, hit.end)) continue;
    const context = CONTEXT.get(hit.entry.id)!;
    if (context.notAfter.has(wordBefore(tokens, hit.start)?.key ?? '')) continue;
    // 'УрФУ имени первого Президента России Б. Н. Ельцина': a body a name is given after.
    if (tokens.slice(Math.max(0, hit.start - 3), hit.start).some((token, k, before) => token.folded === 'имени' && before[k - 1]?.folded !== 'от')) continue;
    // 'глава Кабмина': a one-word name without the country after a bare title is that title too.
    if (hit.end === hit.start + 1 && !COUNTRY.test(tokens[hit.start]!.folded) && !countryAfter(tokens, hit.end) && context.bareNotAfter.has(wordBefore(tokens, hit.start)?.key ?? '')) continue;
    if (tokens[hit.end]?.isWord && context.notBefore.has(tokens[hit.end]!.key)) continue;
    kept.push(hit);
  }
  // A text that names a region's body and never the country's means the region's by the same name alone
  // too ('Госсовет Татарстана … предложить Госсовету'); another name of the body is the federal one
  // ('министерство труда … Ингушетии' beside 'банк практик Минтруда').
  for (let k = kept.length - 1; k >= 0; k -= 1) {
    const hit = kept[k]!;
    const regionsName = regional.has(`${hit.entry.id} ${tokens[hit.start]!.key}`) || (!!hit.entry.regionalNamesake && regionalInFull.has(hit.entry.id));
    if (!national.has(hit.entry.id) && regionsName) kept.splice(k, 1);
  }
  const covered = new Set<number>();
  for (const hit of hits) for (let k = hit.start; k < hit.end; k += 1) covered.add(k);
  for (const hit of barehits(tokens, covered, regionStarts, regionEnds)) kept.push(hit);
  kept.sort((a, b) => a.start - b.start);
  for (const hit of kept) if (!found.has(hit.entry.id)) found.set(hit.entry.id, { id: hit.entry.id, name: hit.entry.name });
  return { organisations: [...found.values()], hits: [...hits, ...kept.filter((hit) => !hits.includes(hit))] };
}

/** A sentence's last token when the sentence ends there, not at a line's end. */
const SENTENCE_END = /^[.!?]$/;

/** Whether a line break stands between token `index - 1` and token `index` (a sentence number changes over no stop, or twice). */
function lineBreakBefore(tokens: readonly Token[], index: number): boolean {
  const previous = tokens[index - 1];
  if (!previous) return true;
  const step = tokens[index]!.sentence - previous.sentence;
  return step >= 2 || (step === 1 && !SENTENCE_END.test(previous.surface));
}

/** Events a place hosts ('на церемонии в Кремле', 'a reception in the Kremlin'). */
const EVENT = /^(церемони|торжественн|при[её]м|концерт|ёлк|елк|выставк|экскурси|ceremony|ceremonies|reception|concert|exhibition|tour)/;

/**
 * Whether 'Кремль' / 'Kremlin' from `start` to `end` is a place, not the President's office acting: a
 * city's kremlin ('в Казанском Кремле', 'the Kazan Kremlin') or a venue of an event ('на церемонии в
 * Кремле', 'at a ceremony in the Kremlin').
 */
function kremlinAsPlace(tokens: readonly Token[], start: number, end: number): boolean {
  if (end !== start + 1 || !/^(кремл|kremlin)/.test(tokens[start]!.folded)) return false;
  const before = tokens[start - 1];
  // 'в Казанском Кремле', 'Нижегородский кремль', 'Smolensk Kremlin': a town's adjective or name right before it.
  if (/(ск|цк)(ий|ого|ому|им|ом)$|(sk|tsk)$/.test(before?.folded ?? '')) return true;
  // 'the Kremlin of Uglich': a town's name after 'of' (not the country's).
  const of = tokens[end];
  const town = tokens[end + 1];
  if (of?.folded === 'of' && town?.isWord && town.capitalised && town.sentence === tokens[start]!.sentence && !/^(russia|the)$/.test(town.folded)) return true;
  if (!before?.isWord || before.sentence !== tokens[start]!.sentence) return false;
  // 'Kazan Kremlin': a capitalised word (not one opening the sentence) before it.
  if (before.capitalised && /^[a-z]/.test(before.folded) && !/^(the|a)$/.test(before.folded) && !lineBreakBefore(tokens, start - 1) && tokens[start - 2]?.isWord) return true;
  let k = start - 1;
  if (tokens[k]?.folded === 'the') k -= 1;
  return /^(в|in|at)$/.test(tokens[k]?.folded ?? '') && EVENT.test(tokens[k - 1]?.folded ?? '');
}

/** The tokens of the line around token `index`: [first, last). */
function lineAround(tokens: readonly Token[], index: number): [number, number] {
  let first = index;
  while (first > 0 && !lineBreakBefore(tokens, first)) first -= 1;
  let last = index + 1;
  while (last < tokens.length && !lineBreakBefore(tokens, last)) last += 1;
  return [first, last];
}

/** What a token does to a short name line: 1 a capitalised word, 0 a mark it may hold, -1 one that rules it out. */
function nameLineToken(token: Token): number {
  if (token.isWord) return token.capitalised ? 1 : -1;
  return /^[.!?:,;]$/.test(token.surface) ? -1 : 0;
}

/** A line of at most three capitalised words and no stop or comma ('Moscow Government', 'Пресс-служба Минфина'). */
function shortNameLine(tokens: readonly Token[], first: number, last: number): boolean {
  let words = 0;
  for (let k = first; k < last; k += 1) {
    const kind = nameLineToken(tokens[k]!);
    if (kind < 0 || (words += kind) > 3) return false;
  }
  return words > 0;
}

/**
 * {@link lineAround} for a line that may be a short name line; null as soon as a token rules that out,
 * so that a paragraph is not walked to its ends for every name in it.
 */
function shortLineAround(tokens: readonly Token[], index: number): [number, number] | null {
  let words = nameLineToken(tokens[index]!);
  if (words < 0) return null;
  let first = index;
  while (first > 0 && !lineBreakBefore(tokens, first)) {
    first -= 1;
    const kind = nameLineToken(tokens[first]!);
    if (kind < 0 || (words += kind) > 3) return null;
  }
  let last = index + 1;
  while (last < tokens.length && !lineBreakBefore(tokens, last)) {
    const kind = nameLineToken(tokens[last]!);
    if (kind < 0 || (words += kind) > 3) return null;
    last += 1;
  }
  return [first, last];
}

/**
 * Whether the name at `start` lies alone on a short line of capitalised words, the lines around it
 * not so: a site's name in a header or footer ('Moscow Government', 'Президент России'), a press
 * service's credit ('Пресс-служба Минэкономразвития Чувашии'). The region finder passes over places
 * on such lines, so the region a ministry's name is followed by there goes unseen too. Not the
 * headline (unless it is the name alone), nor an item of a list (a line opening with a dash, lines
 * under 'Участники:' or beside other such lines).
 */
function onChromeLine(tokens: readonly Token[], start: number, end: number): boolean {
  // The first line is the headline, unless it is nothing but a body's name ('President of Russia', 'The
  // Russian Government'): the site's own name over a page copied whole, not a headline.
  const [lineFirst, lineLast] = lineAround(tokens, start);
  if (lineFirst === 0) return lineLast < tokens.length && tokens.slice(0, lineLast).every((token, k) => (k >= start && k < end) || !token.isWord || token.folded === 'the');
  const line = shortLineAround(tokens, start);
  if (!line) return false;
  const [first, last] = line;
  if (!shortNameLine(tokens, first, last)) return false;
  if (tokens[first - 1]!.surface === ':' || /^[—–-]$/.test(tokens[first]!.surface)) return false;
  const [previousFirst] = lineAround(tokens, first - 1);
  const beside = (from: number, to: number): boolean => from !== 0 && shortNameLine(tokens, from, to);
  if (beside(previousFirst, first)) return false;
  return last >= tokens.length || !beside(last, lineAround(tokens, last)[1]);
}

/** The word before `index` in its sentence, over 'the', 'of' and 'to' ('Assistant to the President'); not a headline's last word. */
function wordBefore(tokens: readonly Token[], index: number): Token | undefined {
  let k = index - 1;
  while (k >= 0 && tokens[k]!.isWord && FILLERS.has(tokens[k]!.folded)) k -= 1;
  return tokens[k]?.isWord && tokens[k]!.sentence === tokens[index]!.sentence ? tokens[k] : undefined;
}

/**
 * Bare words that stand for a federal body ('Президент подчеркнул', 'по поручению президента', 'the
 * Government', 'Путин встретился с правительством'), and not for another one: not followed by the
 * place or body it belongs to ('президент компании', 'правительство области', 'President Egor
 * Borisov', 'Government of the Kaluga Region'), not after a possessive, a regional word or another
 * body's name ('our President', 'областное правительство', 'OPORA RUSSIA President'), not inside a
 * bare title ('Председатель Правительства'). A lower-case or sentence-initial 'правительство' counts
 * only beside a federal actor in the same sentence.
 */
function barehits(tokens: readonly Token[], covered: ReadonlySet<number>, regionStarts: ReadonlySet<number>, regionEnds: ReadonlySet<number>): Array<CatalogueHit<OrganisationEntry>> {
  const out: Array<CatalogueHit<OrganisationEntry>> = [];
  let cueSentences: Set<number> | null = null;
  let chairman: boolean | null = null;
  // A text that names a region's government ('Правительства ДНР') means it by a lower-case 'правительство'
  // too, whoever else its sentence names ('нового премьера').
  const regionalGovernment = tokens.some((token, i) => /^(правительств|government)/.test(token.folded) && (regionStarts.has(i + 1) || (tokens[i + 1]?.folded === 'of' && regionStarts.has(i + 2))));
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (!(token.classes & BARE_WORD) || covered.has(i)) continue;
    const entry = BARE_ENTRIES.find((candidate) => CONTEXT.get(candidate.id)!.bare.has(token.key) && /^(президент|правительств|president|government)/.test(token.folded));
    if (!entry) continue;
    const context = CONTEXT.get(entry.id)!;
    if (addressedAt(tokens, i)) continue;
    const before = wordBefore(tokens, i);
    if (before && (context.notAfter.has(before.key) || context.bareNotAfter.has(before.key) || POSSESSIVE.test(before.folded) || REGIONAL_BEFORE.test(before.folded))) continue;
    const previous = tokens[i - 1];
    const sentenceStart = !previous || previous.sentence !== token.sentence || /^[.!?:;«"(—–-]$/.test(previous.surface);
    // 'OPORA RUSSIA President', 'Vice President', 'Tatarstan's President'; not a word capitalised only
    // because it opens the sentence ('Прошу Правительство …').
    const beforePrevious = tokens[i - 2];
    const previousOpens = !beforePrevious || beforePrevious.sentence !== previous?.sentence || /^[.!?:;«"(—–-]$/.test(beforePrevious.surface);
    // In English a capitalised word before it names another body even when it opens the sentence ('Open Government').
    // An act's noun written with a capital in official style ('Указом Президента', 'Поручением Правительства') names no body.
    if (previous?.isWord && previous.capitalised && !sentenceStart && (!previousOpens || /^[a-z]/.test(previous.folded) || /^(vice|deputy|вице)/.test(previous.folded)) && previous.folded !== 'the' && !ACT_NOUN.test(previous.folded)) continue;
    if (regionEnds.has(i) && tokens[i - 1]?.sentence === token.sentence) continue;
    let next = i + 1;
    while (tokens[next]?.isWord && FILLERS.has(tokens[next]!.folded)) next += 1;
    const following = tokens[next];
    if (regionStarts.has(next)) continue;
    // 'правительства автономного округа': a territory after its adjective.
    if (isTerritoryNoun(following) || (following?.isWord && /(ого|ой|ых)$/.test(following.folded) && isTerritoryNoun(tokens[next + 1]))) continue;
    // 'Указом Президента Алексей Чекунков назначен …': after an act's noun, a given name in the nominative opens the
    // clause's subject, not the President's name ('администрации президента Сергей Кириенко' is a title).
    // So does a title in the nominative ('На заседании Правительства Председатель Правительства Михаил Мишустин
    // сообщил …'): a clause's subject, not a longer name of the body.
    // So does a body after an act's noun ('По поручению Президента Правительство продлевает …'), and any word
    // after the agent of a passive ('2024 год объявлен Президентом Годом семьи', 'утверждена Правительством').
    // Not a post's predicate ('назначен президентом компании', 'избран президентом Ассоциации').
    const agent = /(?:ом|ем)$/.test(token.folded) && PASSIVE_SHORT.test(previous?.folded ?? '') && !/^(?:назнач|избран|переизбран|выбран|признан)/.test(previous?.folded ?? '');
    const afterAct = ACT_NOUN.test(previous?.folded ?? '');
    const subjectAfter = !!following?.isWord && (agent || (afterAct && (NOMINATIVE_GIVEN_NAMES.has(following.folded) || ACTING_BODY.test(following.folded))) || TITLE_SUBJECT.test(following.folded));
    if (following?.isWord && following.sentence === token.sentence && !subjectAfter && (following.capitalised || BODY_NOUNS.has(following.key))) continue;
    // 'in the Government house', 'Government building': a building, a region's as often as the federal one's.
    if (following?.isWord && following.sentence === token.sentence && /^(house|building)s?$/.test(following.folded)) continue;
    // 'президент, председатель правления Сбербанка': a company's title in apposition.
    if (following?.surface === ',' && /^(председател|генеральн|глав|директор|chairman|chief|ceo)/.test(tokens[next + 1]?.folded ?? '')) continue;
    // Russian writes the federal Government with a capital; a lower-case one needs a federal actor beside it.
    // A capitalised one opening a sentence ('Правительство выделит …') is the federal one too in a text that
    // names the federal Government's chairman ('Председатель Правительства Михаил Мишустин'); without one it may
    // be a region's ('Правительство выделит …, сообщил губернатор').
    const federalActor = (/[а-я]/.test(token.folded) && (cueSentences ??= federalCueSentences(tokens)).has(token.sentence)) || (token.capitalised && (chairman ??= namesFederalChairman(tokens, regionStarts)));
    if (entry.id === 'government-rf' && (!token.capitalised || sentenceStart) && (regionalGovernment || !federalActor)) continue;
    out.push({ entry, start: i, end: i + 1 });
  }
  return out;
}

/**
 * Whether the text names the federal Government's chairman: 'Мишустин', or the bare title 'Председатель
 * Правительства' with no region after it ('Председатель Правительства Михаил Мишустин'; not
 * 'Председатель Правительства Республики Коми').
 */
function namesFederalChairman(tokens: readonly Token[], regionStarts: ReadonlySet<number>): boolean {
  return tokens.some((token, i) => {
    if (/^(мишустин|mishustin)/.test(token.folded)) return true;
    if (!/^председател/.test(token.folded) || !/^правительств/.test(tokens[i + 1]?.folded ?? '')) return false;
    const next = tokens[i + 2];
    return !regionStarts.has(i + 2) && !isTerritoryNoun(next) && !(next?.isWord && /(ого|ой|ых)$/.test(next.folded) && isTerritoryNoun(tokens[i + 3]));
  });
}

/** Sentences with a federal actor in them ('Путин', 'премьер', 'Кремль', 'федерального'): one pass over the tokens. */
function federalCueSentences(tokens: readonly Token[]): Set<number> {
  const sentences = new Set<number>();
  for (const token of tokens) if (token.isWord && FEDERAL_CUES.has(token.key)) sentences.add(token.sentence);
  return sentences;
}

/** Platforms of the catalogue named in the tokens, once each. */
export function findPlatforms(tokens: readonly Token[]): PlatformMention[] {
  const found = new Map<string, PlatformMention>();
  for (const hit of platformMatcher.find(tokens)) {
    if (!found.has(hit.entry.id)) found.set(hit.entry.id, { id: hit.entry.id, name: hit.entry.name });
  }
  return [...found.values()];
}
