import firstNames from '../catalogues/first-names.json' with { type: 'json' };
import catalogue from '../catalogues/regions.json' with { type: 'json' };
import type { RegionMention, RegionRole } from '../model.js';
import { PhraseTrie, baseOfCatalogueWord, defineWordClass, keyOf, keysOfCatalogueWord, phraseKeys, type Token } from './lexicon.js';
import { englishSpellings } from './transliteration.js';

/** One federal subject of the catalogue. */
export interface RegionEntry {
  code: string;
  name: string;
  nameEn: string;
  forms: string[];
  formsEn: string[];
  cities: string[];
  citiesEn: string[];
  /**
   * Case forms of a town that its inflection cannot make ('Камень-на-Оби' drops its vowel: 'Камня-на-Оби',
   * 'в Камне-на-Оби'), read as that town; no English spellings or adjectives are made from them.
   */
  cityForms?: string[];
}

/** A region found in a text, with the tokens it spans. */
export interface RegionHit {
  code: string;
  start: number;
  end: number;
  /** Written as an adjective or the word 'столица' (used to tell the subject of a practice). */
  adjectival: boolean;
  /** A town named like a surname, read as a place here ('в городе Королёве'): no person's surname. */
  place?: boolean;
  /** Named by the subject's own name ('Татарстана'), which is no surname ('Неделя Раиса Татарстана'). */
  subject?: boolean;
  /**
   * A district by its town's or region's adjective ('Надымский район') or a federal city's district by its name
   * ('Бибирево'): kept only when the text names no other subject.
   */
  weak?: boolean;
}

type Kind = 'name' | 'city' | 'capital';

interface TrieValue {
  code: string;
  kind: Kind;
  adjectival: boolean;
  /** The catalogue name itself ends like an adjective ('Грозный', 'Нижний Новгород'). */
  shaped: boolean;
  /** Length of the catalogue name: a longer word with its stem is made from it ('Красноярский'). */
  length: number;
  /** A town's name in -о or -е ('Пушкино'): none of its forms is shorter than it ('поэт Пушкин' is not the town). */
  neuter?: boolean;
  /** A town whose name ends in a consonant ('Воскресенск'): '-ой' is no case form of it, only its adjective's. */
  consonant?: boolean;
  /** A town named in the plural ('Печоры', 'Чебоксары'). */
  plural?: boolean;
  /** A town of the catalogue's `placeOnly`: it counts only where some mention reads as a place. */
  placeOnly?: boolean;
  /** A town of `placeOnlyEach`: only its mentions that read as a place count. */
  placeOnlyEach?: boolean;
  /** The first town its subject lists, the capital ('Киров' of the Kirov Region, not the Kaluga Region's town). */
  capital?: boolean;
  /** A district of a federal city by its own name (`cityDistricts`): it counts only in a text naming no other subject. */
  weak?: boolean;
  /** An English town name made from the Russian one ({@link GENERATED_TOWNS_EN}): not after a given name or 'the' (see `notTownAfter`). */
  made?: boolean;
  /**
   * A one-word name that does not decline ('Коми'): only the word itself names it, since its stem is also
   * that of ordinary words ('Кому подойдёт', 'кома', 'ком').
   */
  indeclinable?: string;
}

/** A capitalised one-word Russian name in -и, -у, -ю or -э: it has no case forms ('в Коми', 'Республики Коми'). */
const INDECLINABLE_NAME = /^[А-ЯЁ][а-яё]+[иуюэ]$/;

/** Endings only an adjective takes ('Красноярский' from 'Красноярск'; not 'Москвой', 'Красноярском'). */
const DERIVED_ADJECTIVE = /(ий|ый|ая|ое|ого|ому|ую|ые|ых|ие|их|ыми|ими|ым|им)$/;

export const REGIONS: readonly RegionEntry[] = catalogue.regions;
const byCode = new Map(REGIONS.map((region) => [region.code, region]));

/** 'столица' and 'the capital' mean Moscow unless a place follows ('столица Татарстана', 'capital of Tatarstan'). */
const CAPITAL_WORDS = ['столица', 'столичный'];
/** Head nouns and whole names that make a place part of another name (see `partOfName` in the catalogue). */
const partOfName = catalogue.partOfName;
const HEAD_AFTER = new Set(partOfName.after.flatMap((word) => keysOfCatalogueWord(word)));
const HEAD_AFTER_EN = new Set(partOfName.afterEn.map((word) => keyOf(word.toLowerCase())));
/**
 * An adjective in the plural ('липецкие', 'казанских'): before a district noun it names the subject's districts
 * ('липецкие районы и округа'), not one district named after anything.
 */
const PLURAL_ADJECTIVE = /(ие|их|ими)$/;
/** A people's culture after its adjectives and a word or two ('village traditions', 'folk songs'). */
const CULTURE_EN = /^(traditions?|music|songs?|crafts|poetry|ornaments?|holidays?|customs)$/;
/** English names of the peoples that subjects are named after, which English writes as the subjects' adjectives too. */
const PEOPLE_EN = /^(buryat|bashkir|kalmyk|yakut|tatar|chuvash|udmurt|mordovian|karelian|chechen|ingush|ossetian|dagestani|tuvan|khakass|adyghe|kabardian|balkar|karachay|circassian|komi|mari|altai)$/;
const HEAD_BEFORE = new Set(partOfName.before.flatMap((word) => keysOfCatalogueWord(word)));
const HEAD_BEFORE_NAMED = new Set(partOfName.beforeNamed.flatMap((word) => keysOfCatalogueWord(word)));
const HEAD_BEFORE_QUOTED = new Set(partOfName.beforeQuoted.flatMap((word) => keysOfCatalogueWord(word)));
const NOT_PLACES = new PhraseTrie<true>();
for (const phrase of partOfName.phrases) NOT_PLACES.add(phrase, true);
/** Words a phrase of `NOT_PLACES` starts with. */
const NOT_PLACE_START = defineWordClass((_, key) => NOT_PLACES.startsWith(key));
/** 'муниципальный округ', 'городской округ': a municipality of the region it is named after. */
const MUNICIPAL = /^(муниципальн|городск)/;
/** Towns whose adjective is an ordinary word or a common district name ('волжский', 'советский', 'северский', 'армянский'); not the first half of a hyphenated one ('Советско-Гаванский'). */
const COMMON_ADJECTIVE_TOWN = /^(волжск|советск|северск|заводск|октябрьск|первомайск|ленинск|калининск|дзержинск|комсомольск|пролетарск|красноармейск|армянск)(?!о-)/;
/** Lower-case adjectives that are ordinary words before they are towns' ('татарский', 'горнозаводская история'). */
const ORDINARY_TOWN_ADJECTIVE = /^(татарск|партизанск|шахт[её]рск|спасск|славянск|горнозаводск|ноябрьск)/;
/**
 * A region's adjective that is also an ordinary word, and the nouns that take it in that sense: 'приморский город',
 * 'приморский климат' are seaside ones, 'приморские рыбаки' Primorye's.
 */
const ORDINARY_SENSE_OF_REGION: ReadonlyMap<string, RegExp> = new Map([['RU-PRI', /^(город|поселок|посел|деревн|курорт|климат|бульвар|парк|зон|полос|побереж|район|регион|территор|стран)/]]);

const PLACE_ONLY = new Set(catalogue.placeOnly);
/** Of those, the towns named like a common given name: only their mentions that read as a place count. */
const PLACE_ONLY_EACH = new Set(catalogue.placeOnlyEach);
const SHARED_SHORT_FORMS = new Map<string, string[]>(Object.entries(catalogue.sharedShortForms));
/** Nouns before a town's name that say it is a town ('город Волжский', 'г. Королёв', 'наукограда Жуковский'). */
const TOWN_NOUN = /^(город|города|городе|городу|городом|г|гор|наукоград[аеу]?|наукоградом)$/;
/** A town's own bodies and residents, before its name in the genitive. */
const TOWN_BODY = /^(администраци[яиюей]|мэри[яиюей]|горсовет[аеу]?|гордум[аыеу]|жител[иейям]+|горожан[еам]*)$/;
/** Prepositions of place before a town's oblique case ('в Королёве', 'из Жуковского', 'под Волжским'). */
const PLACE_PREPOSITION = /^(в|во|из|под|около|возле|близ|вблизи)$/;
/** Past and present verbs ('открыли', 'получит'), which no adjective's noun is. */
const VERB_FORM = /^[а-яё]{3,}(л|ла|ло|ли|лся|лась|лись|ет|ит|ут|ют|ят|ат|ется|ится|ются|ятся)$/;
/** Speech verbs: after a surname-shaped word they make it a person ('Волжский сказал'). */
const SPEECH_VERB = /^(заявил|отметил|сообщил|рассказал|подчеркнул|пояснил|уточнил|добавил|сказал|считает|говорит|поблагодарил|поздравил)/;

/**
 * Whether the town's name at `start` reads as a place: after a town noun ('город Волжский', 'г. Королёв'),
 * or in an oblique case after a preposition of place with no noun of its own after it ('в Жуковском прошёл',
 * 'из Королёва'; not 'в Волжском районе'). `shaped`: the name is an adjective's ('Жуковский').
 */
function readsAsPlace(tokens: readonly Token[], start: number, end: number, shaped: boolean): boolean {
  const before = tokens[start - 1]?.surface === '.' ? tokens[start - 2] : tokens[start - 1];
  if (before?.isWord && TOWN_NOUN.test(before.folded) && (before.folded === 'г') === (tokens[start - 1]!.surface === '.')) return true;
  // 'Администрация Курчатова', 'жители Королёва': a town's own bodies and people, in the genitive.
  if (before?.isWord && before === tokens[start - 1] && TOWN_BODY.test(before.folded) && /[аяу]$/.test(tokens[end - 1]!.folded)) return true;
  if (!tokens[start - 1]?.isWord || !PLACE_PREPOSITION.test(tokens[start - 1]!.folded)) return false;
  // Past a run of coordinated adjectives ('в Октябрьском и Ленинском районах' names districts), no noun.
  let j = end;
  while (tokens[j] && (SEPARATORS.has(tokens[j]!.key) || (tokens[j]!.isWord && tokens[j]!.capitalised && ADJECTIVE_FORM.test(tokens[j]!.folded)))) j += 1;
  const next = tokens[j];
  if (j > end && next?.isWord && !next.capitalised && next.sentence === tokens[start]!.sentence && !VERB_FORM.test(next.folded) && !NOT_AFTER_ADJECTIVE.has(next.folded)) return false;
  const after = tokens[end];
  const verb = !!after?.isWord && !after.capitalised && VERB_FORM.test(after.folded) && !SPEECH_VERB.test(after.folded);
  // An adjective-shaped name's '-ом' is also a village's in -ое ('в Октябрьском, Камбилеевском и Чермене'): a verb must follow.
  if (shaped) return verb;
  return verb || !after?.isWord || NOT_AFTER_ADJECTIVE.has(after.folded);
}

/** Street nouns before a place adjective that names the street ('улица Курганская'). */
const STREET = /^(улиц|проспект|переул|бульвар|шоссе|тракт|набережн|площад|проезд|street|avenue)/;
/**
 * Street nouns before a town's name in the genitive: the street is named after a person ('улица Кирова',
 * 'ул. Королёва'). Not 'площадь', which is also an area ('площадь Москвы').
 */
const STREET_OF_PERSON = /^(улиц(?:[аеуы]|ей)?|ул|проспект(?:[аеу]|ом)?|переул(?:ок|ка|ке|ком)|бульвар(?:[аеу]|ом)?|сквер(?:[аеу]|ом)?|парк(?:[аеу]|ом)?|street)$/;
/** An airport's noun before a place in the nominative names the airport ('аэропорт Кольцово' is Yekaterinburg's): not the place. */
const AIRPORT = /^(аэропорт(?:[аеу]|ом)?|airport)$/;
/**
 * Settlement nouns before a town's name that name a village ('село Мантурово', 'в деревне Киров'), or a
 * town's district named like a town elsewhere ('в микрорайоне Пестово Балашихи').
 */
const SETTLEMENT = /^(сел[оауе]$|сёл|деревн|поселк|посёлк|хутор|станиц|аул|микрорайон|village)/;
/** A river's noun before a name: the river, not the town of its name ('через реку Шую'). */
const RIVER = /^(рек[аиуе]|рекой|речк[аиуе]|river)$/;
/** Words that cannot follow a region adjective used as one ('в Донском — …', 'от Донского через …'): it is a town's name. */
const NOT_AFTER_ADJECTIVE = new Set(['в', 'во', 'на', 'из', 'от', 'до', 'через', 'по', 'с', 'со', 'к', 'у', 'за', 'и', 'а', 'но', 'или', 'что', 'как', 'где', 'это', 'все', 'уже', 'также', 'тоже', 'был', 'была', 'было', 'были', 'стал', 'стала', 'стало', 'стали']);
const HEADS_RU = ['область', 'край', 'автономный округ', 'автономная область', 'республика', 'народная республика'];
const HEADS_RU_LONGEST_FIRST = [...HEADS_RU].sort((a, b) => b.length - a.length);
const HEADS_EN = ['region', 'oblast', 'krai', 'territory', 'autonomous okrug', 'autonomous region', 'autonomous district', 'republic'];
/** Heads of feminine gender, which a list may leave out after the first ('из Белгородской, Воронежской'). */
const FEMININE_HEADS = new Set(['область', 'республика', 'автономная область', 'народная республика'].map(headId));
const SEPARATORS = new Set([',', 'и', 'или', 'and', 'or']);
const ADJECTIVE_ENDING = /(ая|ий|ый|ой|ое)$/;
/** Any case form of an adjective. */
const ADJECTIVE_FORM = /(ая|ий|ый|ой|ое|ого|ому|ым|ом|ую|ые|ых|ыми|ими|их|ие|ей)$/;

const trie = new PhraseTrie<TrieValue>();
const heads = new PhraseTrie<string>();
/** Russian adjectives of subjects named '<adjective> <head>' ('челябинск' → область → RU-CHE). */
const adjectives = new Map<string, Array<{ head: string; code: string; base: string }>>();
/** English modifiers of subjects named '<modifier> Region' ('Chelyabinsk' → RU-CHE). */
const modifiers = new PhraseTrie<{ code: string; head: string }>();

/**
 * English spellings of towns that English text uses for something else first: ordinary words ('Saki' of
 * Crimea, 'Lagan' of Kalmykia, 'Ocher' for Очёр, whose 'Ochyor' is kept; found against an English word list),
 * given names the first-names catalogue lacks ('Asha', 'Usman'), a better-known place abroad ('Tomari', the
 * Hokkaido nuclear plant's, not Sakhalin's town).
 */
const NOT_TOWN_SPELLINGS = new Set(['saki', 'lagan', 'ocher', 'asha', 'usman', 'tomari']);
/** English given names ('Salavat' is also a name): a town spelled like one is not made from its Russian name. */
const GIVEN_NAMES_EN = new Set(firstNames.en.map((name) => name.toLowerCase()));

/**
 * An English name's matching keys, word by word ('Nizhniy Tagil' → 'nizhniy tagil'): names matched alike share it.
 * The keys {@link phraseKeys} gives a Latin word, from its lower case (cached for the trie that adds it later).
 */
function englishSignature(name: string): string {
  return name
    .toLowerCase()
    .split(/\s+/)
    .map((word) => keyOf(word))
    .join(' ');
}

/** A town's English name made from its Russian one, and whether that town is its subject's capital (listed first). */
interface GeneratedTown {
  name: string;
  capital: boolean;
}

/**
 * English names of every subject's Russian towns (`cities`), made at load time by {@link englishSpellings}, so
 * that one Russian line serves both languages ('Осташков' → 'Ostashkov', 'Бологое' → 'Bologoye', 'Bologoe').
 * Not made for a town the catalogue protects in Russian (`placeOnly`, `placeOnlyEach`), a spelling of three
 * letters or fewer ('Kem', 'Mga'), an English given name or ordinary word (`NOT_TOWN_SPELLINGS`), nor one
 * that another subject's English name, '<modifier> Region' modifier or town (listed or made) shares: such a
 * spelling would be ambiguous ('Zheleznogorsk' of Krasnoyarsk Krai and of the Kursk Region; Bashkortostan's
 * 'Blagoveshchensk', which the Amur Region lists for its capital). Hand-listed `citiesEn` stay and win.
 */
function generateEnglishTowns(): Map<string, GeneratedTown[]> {
  const protectedTowns = new Set([...catalogue.placeOnly, ...catalogue.placeOnlyEach]);
  /** Every listed English name, '<modifier> Region' modifier and Moscow district, by signature: none is made again. */
  const listed = new Set<string>();
  for (const region of REGIONS) {
    for (const name of [region.nameEn, ...region.formsEn, ...region.citiesEn]) {
      listed.add(englishSignature(name));
      const head = HEADS_EN.find((candidate) => name.toLowerCase().endsWith(` ${candidate}`));
      if (head) listed.add(englishSignature(name.slice(0, name.length - head.length - 1)));
    }
  }
  for (const districts of Object.values(catalogue.cityDistricts as Record<string, string[]>)) {
    for (const district of districts) for (const name of /[а-яё]/i.test(district) ? englishSpellings(district) : [district]) listed.add(englishSignature(name));
  }
  /** The subject each made name's signature belongs to; null when two subjects' towns make it. */
  const owner = new Map<string, string | null>();
  const candidates: Array<{ code: string; town: GeneratedTown; signature: string }> = [];
  for (const region of REGIONS) {
    for (const city of region.cities) {
      // Russian words alone ('РС(Я)' is an abbreviation), not a protected town's name with a noun ('Жуковский город').
      if (!/^[а-яё]+(?:[ -][а-яё]+)*$/i.test(city) || protectedTowns.has(city.split(' ')[0]!)) continue;
      for (const name of englishSpellings(city)) {
        const lower = name.toLowerCase();
        if (lower.replace(/[^a-z]/g, '').length <= 3 || GIVEN_NAMES_EN.has(lower) || NOT_TOWN_SPELLINGS.has(lower)) continue;
        const signature = englishSignature(name);
        if (listed.has(signature)) continue;
        owner.set(signature, owner.has(signature) && owner.get(signature) !== region.code ? null : region.code);
        candidates.push({ code: region.code, town: { name, capital: city === region.cities[0] }, signature });
      }
    }
  }
  const towns = new Map<string, GeneratedTown[]>(REGIONS.map((region) => [region.code, []]));
  for (const { code, town, signature } of candidates) {
    const own = towns.get(code)!;
    if (owner.get(signature) === code && !own.some((other) => other.name === town.name)) own.push(town);
  }
  return towns;
}

/** The English town names made from each subject's Russian ones (see {@link generateEnglishTowns}), by code. */
export const GENERATED_TOWNS_EN: ReadonlyMap<string, readonly GeneratedTown[]> = generateEnglishTowns();

for (const head of [...HEADS_RU, ...HEADS_EN]) heads.add(head, headId(head));
// 'Московская обл.': the abbreviated head.
heads.add('обл', headId('область'));

for (const region of REGIONS) {
  for (const form of [region.name, ...region.forms, region.nameEn, ...region.formsEn]) {
    const isCapitalWord = CAPITAL_WORDS.includes(form);
    const adjectival = isCapitalWord || (!form.includes(' ') && ADJECTIVE_ENDING.test(form));
    const indeclinable = INDECLINABLE_NAME.test(form) ? form.toLowerCase() : undefined;
    trie.add(form, { code: region.code, kind: isCapitalWord ? 'capital' : 'name', adjectival, shaped: ADJECTIVE_ENDING.test(form), length: form.length, ...(indeclinable ? { indeclinable } : {}) });
    addCoordinationForms(form, region.code);
  }
  for (const city of [...region.cities, ...region.citiesEn, ...(region.cityForms ?? [])]) {
    const capital = city === region.cities[0] || city === region.citiesEn[0];
    trie.add(city, { code: region.code, kind: 'city', adjectival: false, shaped: ADJECTIVE_ENDING.test(city), length: city.length, neuter: /[оеё]$/.test(city), consonant: /[бвгджзклмнпрстфхцчшщ]$/.test(city), plural: /[ыи]$/.test(city), placeOnly: PLACE_ONLY.has(city), placeOnlyEach: PLACE_ONLY_EACH.has(city), capital });
  }
  for (const town of GENERATED_TOWNS_EN.get(region.code)!) {
    trie.add(town.name, { code: region.code, kind: 'city', adjectival: false, shaped: false, length: town.name.length, capital: town.capital, made: true });
  }
}
for (const [code, districts] of Object.entries(catalogue.cityDistricts as Record<string, string[]>)) {
  for (const district of districts) trie.add(district, { code, kind: 'city', adjectival: false, shaped: ADJECTIVE_ENDING.test(district), length: district.length, neuter: /[оеё]$/.test(district), consonant: /[бвгджзклмнпрстфхцчшщ]$/.test(district), plural: /[ыи]$/.test(district), weak: true });
}

/**
 * Lower-case adjectives of towns ('казанская система', 'в сургутских школах', 'благовещенского вуза'): the
 * town's stem with -ск- ('Казань' → 'казанск'), or the town's own stem when it ends in -ск. Only towns of one
 * subject whose names are no surnames ('пушкинская карта' is not Пушкин's), and no adjective a region owns
 * (those are read as the region's).
 */
const townAdjectives = new Map<string, { codes: string[]; capital: string | null }>();
/** Registers a town's (or a one-word name's) adjective for a subject. */
const addTownAdjective = (key: string, code: string, capital = false): void => {
  if (adjectives.has(key)) return;
  const entry = townAdjectives.get(key) ?? { codes: [], capital: null };
  if (!entry.codes.includes(code)) entry.codes.push(code);
  if (capital) entry.capital = code;
  townAdjectives.set(key, entry);
};
/**
 * The subject an adjective names: its one subject's, or, when two subjects' towns share it ('благовещенский':
 * Amur's capital or Bashkortostan's town), the capital's (the text's other places may still choose, as for the
 * towns' names); none when no capital is among them.
 */
const townAdjectiveCode = (entry: { codes: string[]; capital: string | null }): string | null => (entry.codes.length === 1 ? entry.codes[0]! : entry.capital);
for (const region of REGIONS) {
  for (const city of region.cities) {
    const folded = city.toLowerCase().replace(/ё/g, 'е');
    if (!/^[а-я]+$/.test(folded) || ADJECTIVE_ENDING.test(folded) || /[оеё]$/.test(folded) || /(ов|ев|ин|ын)$/.test(folded) || folded.length < 5) continue;
    const stem = keyOf(folded);
    addTownAdjective(/ск$/.test(stem) ? stem : /ц$/.test(stem) ? `${stem}к` : `${stem}ск`, region.code, city === region.cities[0]);
    if (/ль$/.test(folded)) addTownAdjective(`${folded}ск`, region.code, city === region.cities[0]);
  }
  // A region's one-word name's adjective: 'кузбасских' (Кузбасс), 'ямальских' (Ямал), 'кубанские' (Кубань).
  for (const form of region.forms) {
    const folded = form.toLowerCase().replace(/ё/g, 'е');
    if (!/^[а-я]+$/.test(folded) || form[0] === folded[0] || ADJECTIVE_ENDING.test(folded) || /[оеёя]$/.test(folded) || folded.length < 4) continue;
    // The adjective's own stem ('ямальск'): Snowball cuts the name itself oddly ('ямал' → 'ям').
    const stem = folded.replace(/ь$/, '');
    for (const key of /с$/.test(stem) ? [`${stem}к`] : [`${stem}ск`, `${stem}ьск`]) addTownAdjective(key, region.code);
  }
}

// A town in a hard consonant may take '-овский' ('Артём' → 'артёмовский'): where that is another town's adjective
// ('Артёмовск' in the DPR) the adjective is shared, so it names neither town's subject on its own.
for (const region of REGIONS) {
  for (const city of region.cities) {
    const folded = city.toLowerCase().replace(/ё/g, 'е');
    // Five letters at least, as for the other adjectives: 'Бор' takes 'борский', and 'боровский' is Borovsk's alone.
    if (!/^[а-я]{4,}[бвгджзклмнпрстфх]$/.test(folded) || /(ск|ов|ев|ин|ын)$/.test(folded)) continue;
    const key = `${folded}овск`;
    if (townAdjectives.has(key)) addTownAdjective(key, region.code);
  }
}

/**
 * Capitalised adjectives of towns before a district noun ('Надымский район', 'Балаковского муниципального
 * района', 'Кондопожского района'): a municipal district is named after its centre. Made from every town of
 * one subject (a capital's when shared), endings the lower-case ones leave out included ('Балаково' →
 * 'балаковск', 'Кондопога' → 'кондопожск'); not a town whose name is already an adjective.
 */
const districtAdjectives = new Map<string, { codes: string[]; capital: string | null }>();
/** The adjectives a one-word town's district is named with ('Томск' → 'томский', 'Кондопога' → 'кондопожский'). */
function townAdjectiveForms(folded: string): string[] {
  // 'Томск' → 'томский', 'Белорецк' → 'белорецкий', 'Балаково' → 'балаковский', 'Кондопога' → 'кондопожский';
  // a town in -а, -ы or -и also by '-инский' ('Сатка' → 'саткинский', 'Туймазы' → 'туймазинский', 'Истра' → 'истринский').
  const stem = folded.replace(/[аяоеыиь]$/, '');
  const forms = /[сц]к$/.test(folded) ? [`${folded}ий`] : /сс$/.test(stem) ? [`${stem}кий`] : [`${stem.replace(/г$/, 'ж')}ский`];
  // A -г may stay ('Великий Устюг' → 'великоустюгский') where 'Кондопога' gives 'кондопожский'.
  if (/г$/.test(stem)) forms.push(`${stem}ский`);
  if (/[аыи]$/.test(folded)) forms.push(`${folded.slice(0, -1)}инский`);
  // A soft -ль keeps its sign ('Чебаркуль' → 'чебаркульский', 'Ставрополь' → 'ставропольский').
  if (/ль$/.test(folded)) forms.push(`${folded}ский`);
  // A hard -л softens ('Старый Оскол' → 'старооскольский', 'Нижний Тагил' → 'нижнетагильский', 'Сокол' → 'сокольский',
  // 'Лодейное Поле' → 'лодейнопольский', 'Кола' → 'кольский').
  if (/л$/.test(stem)) forms.push(`${stem}ьский`);
  return forms;
}

/**
 * A town of two words, an adjective or a possessive and a noun ('Старый Оскол', 'Сосновый Бор', 'Сергиев Посад',
 * 'Мариинский Посад'). Its district's adjective joins them with a linking vowel ('старооскольский', 'нижнетагильский',
 * 'сосновоборский') or, after a possessive or an adjective in -ский, with a hyphen ('сергиево-посадский',
 * 'мариинско-посадский', 'советско-гаванский', and 'павлово-посадский' after the village of Павлово).
 */
const TWO_WORD_TOWN = /^([а-я]+?)(ый|ий|ой|ая|яя|ое|ее|ие|ые|ов|ев|ин) ([а-я]+)$/;
function twoWordTownAdjectiveForms(folded: string): string[] {
  const match = TWO_WORD_TOWN.exec(folded);
  if (!match) return [];
  const [stem, ending, noun] = [match[1]!, match[2]!, match[3]!];
  if (/^(ов|ев|ин)$/.test(ending)) return townAdjectiveForms(noun).map((form) => `${stem}${ending}о-${form}`);
  // A soft stem ('нижн-ий', 'верхн-яя') or a hushing one ('больш-ой', 'горяч-ий') links by -е-, the others by -о-.
  const linking = (/н$/.test(stem) && /^(ий|яя|ее|ие)$/.test(ending)) || /[шщч]$/.test(stem) ? 'е' : 'о';
  const forms = townAdjectiveForms(`${stem}${linking}${noun}`);
  if (/ск$/.test(stem)) for (const form of townAdjectiveForms(noun)) forms.push(`${stem}о-${form}`, `${stem.slice(0, -2)}о-${form}`);
  return forms;
}

for (const region of REGIONS) {
  for (const city of region.cities) {
    const folded = city.toLowerCase().replace(/ё/g, 'е');
    const twoWords = twoWordTownAdjectiveForms(folded);
    if (!twoWords.length && (!/^[а-я]+(-[а-я]+)*$/.test(folded) || ADJECTIVE_ENDING.test(folded) || folded.length < 4)) continue;
    for (const key of (twoWords.length ? twoWords : townAdjectiveForms(folded)).map(keyOf)) {
      const entry = districtAdjectives.get(key) ?? { codes: [], capital: null };
      if (!entry.codes.includes(region.code)) entry.codes.push(region.code);
      if (city === region.cities[0]) entry.capital = region.code;
      districtAdjectives.set(key, entry);
    }
  }
}
/**
 * Districts of big cities named like a town or a region elsewhere ('Тверской район' of Moscow, 'Выборгский'
 * of St Petersburg, 'Центральный'): their adjective before a district noun names no subject, nor does an
 * ordinary word's (`COMMON_ADJECTIVE_TOWN`, `ORDINARY_TOWN_ADJECTIVE`).
 */
const CITY_DISTRICT = /^(тверск|ярославск|рязанск|нижегородск|можайск|дмитровск|донск|гагаринск|ломоносовск|красносельск|выборгск|пушкинск|приморск|невск|кировск|московск|ленинградск|калининградск|фрунзенск|свердловск|куйбышевск|орджоникидзевск|автозаводск|сормовск|приокск|чкаловск|курчатовск|приволжск|заволжск|вахитовск|петроградск|колпинск|курортн|адмиралтейск|василеостровск|красногвардейск|центральн|железнодорожн|индустриальн|промышленн)/;
/** District nouns an adjective names a municipality with ('район', 'муниципальный округ', 'улус'). */
const DISTRICT_NOUN = /^(район|округ|улус|кожуун)/;

/**
 * Whether a capitalised adjective at `i` names a district ('Надымского района', 'Сургутского муниципального
 * района'): a district noun follows in its sentence, no other region's name after it ('Смоленский район
 * Алтайского края' is named anyway), and it is no big city's district name or ordinary word. Such a mention
 * is weak: a district of the same name may lie elsewhere ('Казанский район' of the Tyumen Region), so it
 * counts only in a text naming no other subject.
 */
function namesDistrict(tokens: readonly Token[], i: number): boolean {
  const folded = tokens[i]!.folded;
  if (CITY_DISTRICT.test(folded) || COMMON_ADJECTIVE_TOWN.test(folded) || ORDINARY_TOWN_ADJECTIVE.test(folded) || !DISTRICT_NOUN.test(nounAfterAdjectives(tokens, i + 1))) return false;
  // 'станицы Смоленской Северского района': a village's name, the district being the next adjective's.
  if (tokens[i - 1]?.isWord && SETTLEMENT.test(tokens[i - 1]!.folded)) return false;
  let head = i + 1;
  while (tokens[head] && !DISTRICT_NOUN.test(tokens[head]!.folded) && head < i + 4) head += 1;
  if (!tokens[head] || !DISTRICT_NOUN.test(tokens[head]!.folded) || tokens[head]!.sentence !== tokens[i]!.sentence || trie.longestAt(tokens, head + 1)) return false;
  return !tokens.slice(i + 1, head).some((token) => token.folded === 'поселение');
}

/** Every key a region match may start with (the name trie, the adjectives, the English modifiers): one test per token. */
const FIRST_KEYS = new Set<string>([...trie.firstKeys(), ...adjectives.keys(), ...modifiers.firstKeys(), ...townAdjectives.keys(), ...districtAdjectives.keys()]);
/** Words a region match may start at: a first key, or 'capital' (read apart). */
const REGION_START = defineWordClass((folded, key) => FIRST_KEYS.has(key) || folded === 'capital');

/** English heads that name the same kind of subject: 'Altai Territory' and 'Altai Krai', not 'Altai Republic'. */
function headClass(head: string): string {
  if (/republ/.test(head)) return 'republic';
  if (/okrug|district/.test(head)) return 'okrug';
  return 'region';
}

function headId(head: string): string {
  return phraseKeys(head).map((position) => position.keys[0]).join(' ');
}

/** Registers '<adjective> <head>' (ru) and '<modifier> <head>' (en) names for coordinated phrases. */
function addCoordinationForms(form: string, code: string): void {
  const words = form.split(/\s+/);
  if (words.length < 2) return;
  // The longest head the form ends with: 'Донецкая Народная Республика' ends with 'республика' too.
  const ruHead = HEADS_RU_LONGEST_FIRST.find((head) => form.toLowerCase().endsWith(` ${head}`));
  if (ruHead && words.length === ruHead.split(' ').length + 1 && ADJECTIVE_ENDING.test(words[0]!)) {
    for (const key of keysOfCatalogueWord(words[0]!)) {
      const list = adjectives.get(key) ?? [];
      list.push({ head: headId(ruHead), code, base: baseOfCatalogueWord(words[0]!) });
      adjectives.set(key, list);
    }
    return;
  }
  const ruHeadFirst = HEADS_RU.find((head) => form.toLowerCase().startsWith(`${head} `));
  if (ruHeadFirst) return;
  const enHead = HEADS_EN.find((head) => form.toLowerCase().endsWith(` ${head}`));
  if (enHead) modifiers.add(form.slice(0, form.length - enHead.length - 1), { code, head: headClass(headId(enHead)) });
}

interface Modifier {
  start: number;
  end: number;
  codes: string[];
  /** Russian: the head each code goes with; null for English modifiers. */
  heads: string[] | null;
  /** English: the head class each code goes with. */
  classes?: string[];
}

function modifierAt(tokens: readonly Token[], i: number): Modifier | null {
  const token = tokens[i];
  if (!token?.isWord) return null;
  // The adjectives whose base the word starts with ('челябинск' for 'Челябинской'); no array for a word with none.
  let ru: Modifier | null = null;
  for (const entry of adjectives.get(token.key) ?? []) {
    if (!token.folded.startsWith(entry.base)) continue;
    ru ??= { start: i, end: i + 1, codes: [], heads: [] };
    ru.codes.push(entry.code);
    ru.heads!.push(entry.head);
  }
  if (ru) return ru;
  const en = modifiers.longestAt(tokens, i);
  if (en) return { start: i, end: en.end, codes: en.values.map((value) => value.code), heads: null, classes: en.values.map((value) => value.head) };
  return null;
}

/**
 * A coordinated list closed by a plural head: 'Челябинская и Курганская области',
 * 'Moscow, Chelyabinsk and Moscow regions'. Returns the subjects and the index after the head.
 */
function coordinationAt(tokens: readonly Token[], i: number): { hits: RegionHit[]; end: number } | null {
  const mods: Modifier[] = [];
  let j = i;
  for (;;) {
    const mod = modifierAt(tokens, j);
    if (!mod) return null;
    mods.push(mod);
    j = mod.end;
    const head = heads.longestAt(tokens, j);
    if (head) return { hits: resolveCoordination(tokens, mods, head.values[0]!, /s$/.test(tokens[head.end - 1]!.folded)), end: head.end };
    if (!tokens[j] || !SEPARATORS.has(tokens[j]!.key)) return null;
    j += 1;
    if (tokens[j] && (tokens[j]!.key === 'и' || tokens[j]!.key === 'and')) j += 1;
    if (tokens[j]?.key === 'а' && tokens[j + 1]?.folded === 'также') j += 2;
  }
}

/** `pluralHead`: the head is in the plural; an English singular one ('Moscow and Tyumen Region') is the last name's alone. */
function resolveCoordination(tokens: readonly Token[], mods: Modifier[], head: string, pluralHead: boolean): RegionHit[] {
  const hits: RegionHit[] = [];
  const seen = new Set<string>();
  for (let m = mods.length - 1; m >= 0; m -= 1) {
    const mod = mods[m]!;
    let code = mod.codes[0]!;
    const index = mod.heads ? mod.heads.indexOf(head) : (mod.classes?.indexOf(headClass(head)) ?? -1);
    if (index >= 0) code = mod.codes[index]!;
    // An English list names a federal city on its own ('Moscow, Chelyabinsk and Moscow regions'):
    // the plural head reaches back over the last pair only, and a name is never taken twice.
    const own = trie.longestAt(tokens, mod.start);
    const standalone = own?.end === mod.end ? own.values.find((value) => value.kind === 'name' && value.code !== code) : undefined;
    const closeToHead = m >= mods.length - 2 && (m === mods.length - 1 || tokens[mod.end]?.key === 'and' || tokens[mod.end]?.key === 'и');
    // After 'the' the head covers the whole list ('the Moscow, Vladimir and Nizhny Novgorod regions').
    const definite = tokens[mods[0]!.start - 1]?.folded === 'the';
    const ownHead = m === mods.length - 1;
    if (standalone && (seen.has(code) || (!mod.heads && ((!closeToHead && !definite) || (!pluralHead && !ownHead))))) code = standalone.code;
    seen.add(code);
    hits.unshift({ code, start: mod.start, end: m === mods.length - 1 ? mod.end + 1 : mod.end, adjectival: mod.heads !== null });
  }
  return hits;
}

/** 'the capital of Tatarstan', 'capital investment', 'capital repairs': not Moscow. */
const CAPITAL_COMPOUND = /^(of|investment|expenditure|construction|repair|market|goods|cost|flow|region|city|gain|stock|structure|budget|spending|intensive|requirement|adequacy|outlay|project|asset|base|grant|programme|program)/;

function isBlockedCapital(tokens: readonly Token[], end: number, start: number): boolean {
  const next = tokens[end];
  if (tokens[start]!.folded === 'capital') return tokens[start - 1]?.folded !== 'the' || CAPITAL_COMPOUND.test(next?.folded ?? '');
  // 'в столицах', 'столицам регионов': capitals in the plural are no one city.
  if (/^столиц(ах|ам|ами)?$/.test(tokens[start]!.folded)) return true;
  // 'не обязательно в столицы': after 'в' or 'на' the form in -ы is the plural's accusative, the singular being 'в столицу'.
  if (tokens[start]!.folded === 'столицы' && /^(в|во|на|за|через)$/.test(tokens[start - 1]?.folded ?? '')) return true;
  // 'уральская столица', 'культурная столица': an adjective before it names another capital.
  const previous = tokens[start - 1];
  if (previous?.isWord && /(ой|ая|ую|ей|ий|ый|ых)$/.test(previous.folded) && !/^(наш|ваш|российск|росси)/.test(previous.folded)) return true;
  // 'столица Татарстана', 'столица Урала': a capitalised word after it names another place; 'в столице
  // республики', 'столица края': the capital of the region the text is about.
  if (next?.isWord && /^(республик|област|кра[яюе]|регион|округ|субъект|приволжь|урал|сибир)/.test(next.folded)) return true;
  // 'столицы двух соседних регионов', 'столицы всех субъектов': the capitals of regions.
  let head = end;
  while (head < end + 3 && tokens[head]?.isWord && /^(?:двух|трех|четырех|пяти|всех|обоих|обеих|нескольких|\d+|[а-я-]+(?:их|ых))$/.test(tokens[head]!.folded)) head += 1;
  if (head > end && tokens[head]?.isWord && /^(республик|област|кра[яюе]|регион|округ|субъект)/.test(tokens[head]!.folded)) return true;
  // 'Столица на Онего', 'столица на Неве': a capital on a lake or a river is another city's.
  if (next?.isWord && /^(на|над)$/.test(next.folded) && tokens[end + 1]?.isWord && tokens[end + 1]!.capitalised) return true;
  return next !== undefined && next.isWord && next.capitalised && !/^(росси|рф|стран)/.test(next.folded);
}

/** Soft-stem and participle endings ('газоперерабатывающего завода', 'последнее'): adjectives between a place and its head. */
const SOFT_ADJECTIVE = /^[а-яё-]{4,}(его|ему|ее|яя|юю)$/;

/** The noun after a run of coordinated adjectives ('Приморском и Московском районах' → 'районах'). */
function nounAfterAdjectives(tokens: readonly Token[], i: number): string {
  let j = i;
  // A listed head ends the run even when it ends like an adjective ('поселение', 'кухней').
  while (tokens[j] && !HEAD_AFTER.has(tokens[j]!.key) && (SEPARATORS.has(tokens[j]!.key) || (tokens[j]!.isWord && (ADJECTIVE_FORM.test(tokens[j]!.folded) || SOFT_ADJECTIVE.test(tokens[j]!.folded))))) j += 1;
  return tokens[j]?.key ?? '';
}

/** Plural street nouns that open a list of streets ('по улицам …', 'улицы: …'). */
const STREETS = /^(улиц(?:ам|ах|ами|ы)?|проспект(?:ам|ах|ы)|переулк(?:ам|ах|и)|streets)$/;

/**
 * Whether the place at `start` is a name in a list of streets ('по улицам Гоголя, Пушкина и Красина', 'улицы:
 * Станционная, Куйбышева (с 12 по 40), Пушкина'): back over the list's names, numbers and bracketed house
 * numbers to a plural street noun. The list's first name must be no place of its own: 'по улицам Москвы и
 * Казани' names both cities.
 */
function inStreetList(tokens: readonly Token[], start: number): boolean {
  const sentence = tokens[start]!.sentence;
  let depth = 0;
  let listed = false;
  for (let k = start - 1; k >= Math.max(0, start - 40); k -= 1) {
    const token = tokens[k]!;
    if (token.sentence !== sentence) return false;
    if (token.surface === ')') depth += 1;
    else if (token.surface === '(') depth -= 1;
    else if (depth > 0) continue;
    else if (token.isWord && STREETS.test(token.folded)) {
      const first = tokens[k + 1]?.surface === ':' ? k + 2 : k + 1;
      return (listed && !trie.longestAt(tokens, first)) || namedAfterPeople(tokens, first);
    } else if (token.surface === ',' || token.folded === 'и') listed = true;
    else if (!(token.surface === ':' || (token.isWord && (token.capitalised || /^\d+$/.test(token.folded))))) return false;
  }
  return false;
}

/** A name in the genitive shaped like a person's surname ('Кирова', 'Пушкина', 'Луначарского'). */
const SURNAME_GENITIVE = /(?:ов|ев|ёв|ин|ын)[ау]$|(?:ск|цк)ого$/;

/**
 * Whether the list of street names from `first` has two names or more, every one a surname's genitive: 'на улицах
 * Кирова, Ефремова, Луначарского' are streets named after people, the first too, where 'по улицам Кирова' alone
 * and 'по улицам Москвы и Казани' are the cities' streets.
 */
function namedAfterPeople(tokens: readonly Token[], first: number): boolean {
  let names = 0;
  let depth = 0;
  let expectName = true;
  for (let k = first; k < Math.min(tokens.length, first + 40); k += 1) {
    const token = tokens[k]!;
    if (token.surface === '(') depth += 1;
    else if (token.surface === ')') depth -= 1;
    else if (depth > 0) continue;
    else if (expectName && token.isWord && token.capitalised) {
      if (!SURNAME_GENITIVE.test(token.folded)) return false;
      names += 1;
      expectName = false;
    } else if (!expectName && (token.surface === ',' || token.folded === 'и')) expectName = true;
    else if (!(token.isWord && /^\d+$/.test(token.folded))) break;
  }
  return names >= 2;
}

/**
 * Whether the place at `start`..`end` is part of another name: a head noun after it ('Московский
 * областной суд', 'Moscow Grid Company') or before it ('Арбитражный суд Московской области', 'Bank of
 * Moscow'), or a body's name in quotes ('фонд «Петербургская политика»').
 */
function isPartOfName(tokens: readonly Token[], start: number, end: number, adjectival: boolean, text: string | undefined): boolean {
  // A Russian place noun is followed by its own words ('в Москве форум …'); an adjective by its head.
  const next = adjectival ? nounAfterAdjectives(tokens, end) : '';
  // 'липецкие районы и округа': in the plural and in lower case, the subject's districts, no district's name.
  const districts = adjectival && !tokens[end - 1]!.capitalised && PLURAL_ADJECTIVE.test(tokens[end - 1]!.folded) && /^(район|округ)/.test(next);
  if (HEAD_AFTER.has(next) && !districts) {
    // 'Вологодский муниципальный округ' lies in the Vologda region; 'Кировский район' may lie anywhere.
    const between = tokens.slice(end, end + 3).map((token) => token.folded);
    if (!(adjectival && /^(округ|район)/.test(next) && between.some((word) => MUNICIPAL.test(word)) && !between.includes('поселение'))) return true;
    // … unless another region follows: 'Курского муниципального округа Ставропольского края' lies in Stavropol.
    for (let head = end; head < end + 3 && tokens[head]; head += 1) {
      if (/^(округ|район)/.test(tokens[head]!.folded)) {
        if (trie.longestAt(tokens, head + 1)) return true;
        break;
      }
    }
  }
  // 'улица Курганская', 'на Московском проспекте' is named after the place; 'село Мантурово' is a village
  // named like a town elsewhere.
  const before = tokens[start - 1];
  // 'станица Ленинградская', 'поселение Воскресенское': a village or a settlement named with a place's adjective too.
  // But 'в посёлке Ямало-Ненецкого автономного округа' is a village of the region its full name names.
  const regionHead = /^(област|кра[яюе]|республик|округ)/.test(tokens[end - 1]!.folded);
  // 'муниципальный округ Тверской': a district named after its noun is its own name ('в районе Курганской или
  // Костромской области' names the regions).
  const districtNamed = /^(округ|район)/.test(before?.folded ?? '') && !tokens.slice(end, end + 4).some((token) => /^(област|кра[йяюе]$|республик)/.test(token.folded));
  // 'мост через реку Шую', 'на реке Уфе': a river named like a town is the river.
  if (before?.isWord && !regionHead && RIVER.test(before.folded)) return true;
  if (before?.isWord && !regionHead && (SETTLEMENT.test(before.folded) || (adjectival && (STREET.test(before.folded) || /^поселени/.test(before.folded) || districtNamed)))) return true;
  const streetNoun = before?.isWord ? before : before?.surface === '.' && /^(ул|пр|просп|пер)$/.test(tokens[start - 2]?.folded ?? '') ? tokens[start - 2] : undefined;
  // 'у дома № 14 по ул. Астраханской': the abbreviated street noun, as the full one above.
  if (adjectival && !regionHead && streetNoun && !before?.isWord) return true;
  // Only a name shaped like a surname's genitive ('сквер Кирова', 'улица Чехова'); 'в Центральном парке
  // Калининграда' is the city's park.
  // After an address's abbreviated street noun, any name is the street's ('ул. Энгельса, 10').
  if (!adjectival && streetNoun && STREET_OF_PERSON.test(streetNoun.folded) && (/(?:ов|ев|ин|ын)[ау]$/.test(tokens[end - 1]!.folded) || !before?.isWord)) return true;
  if (!adjectival && before?.isWord && AIRPORT.test(before.folded) && /[оеы]$/.test(tokens[end - 1]!.folded)) return true;
  if (inStreetList(tokens, start)) return true;
  // 'Moscow time', 'Kazan district'; but 'a Tyumen region district' is a district of the region.
  const headed = /^(region|oblast|krai|territory|republic|okrug)$/.test(tokens[end - 1]!.folded);
  // 'Kazan's metro' is the city's: a possessive owns what follows, it does not name it.
  const possessive = /['’]s$/i.test(tokens[end - 1]!.surface);
  if (HEAD_AFTER_EN.has(tokens[end]?.key ?? '') && !headed && !possessive) return true;
  for (let k = end; k < end + 3 && tokens[k]?.isWord && tokens[k]!.capitalised; k += 1) if (HEAD_AFTER_EN.has(tokens[k]!.key)) return true;
  // A people's name before its culture, a word or two between ('Kalmyk folk dances'), or coordinated with another
  // people's before it ('Buryat and Russian village traditions'): the people's culture, not the region.
  if (!headed && !possessive && end === start + 1 && PEOPLE_EN.test(tokens[start]!.folded)) {
    const coordinated = /^(and|or)$/.test(tokens[end]?.folded ?? '') && !!tokens[end + 1]?.capitalised;
    for (let k = coordinated ? end + 2 : end; k < end + (coordinated ? 5 : 3) && tokens[k]?.isWord && !tokens[k]!.capitalised; k += 1) {
      if (CULTURE_EN.test(tokens[k]!.folded) || HEAD_AFTER_EN.has(tokens[k]!.key)) return true;
    }
  }
  const previous = tokens[start - 1];
  // 'Банк Москвы' is a name; 'университеты Томска', in the plural, are the city's.
  if (previous?.isWord && HEAD_BEFORE.has(previous.key) && !/^(университет|суд|банк|театр)(ы|ов|ам|ами|ах)$|^(universities|banks|courts|theatres)$/.test(previous.folded)) return true;
  if (previous?.folded === 'of' && HEAD_BEFORE.has(tokens[start - 2]?.key ?? '')) return true;
  const nameWord = tokens[start - 2];
  if (previous?.isWord && HEAD_BEFORE_NAMED.has(previous.key) && nameWord?.isWord && nameWord.capitalised && nameWord.sentence === previous.sentence) return true;
  if (text && previous?.isWord && HEAD_BEFORE_QUOTED.has(previous.key) && /[«"„“]/.test(text.slice(previous.end, tokens[start]!.start))) return true;
  // Further inside such a name: 'ФКУ Упрдор «Москва — Волгоград»'.
  if (text) {
    // Within 80 characters back: a bounded look, not a scan of the whole text for every place.
    // The last '«' of those 80 characters, and whether a '»' closes it before the place (char codes: no slice per place).
    const at = tokens[start]!.start;
    let open = -1;
    for (let k = at - 1; k >= Math.max(0, at - 80) && open < 0; k -= 1) if (text.charCodeAt(k) === 0xab) open = k;
    let closed = false;
    for (let k = open + 1; open >= 0 && k < at && !closed; k += 1) closed = text.charCodeAt(k) === 0xbb;
    if (open >= 0 && !closed) {
      let k = start - 1;
      while (k >= 0 && tokens[k]!.end > open) k -= 1;
      if (k >= 0 && tokens[k]!.isWord && HEAD_BEFORE_QUOTED.has(tokens[k]!.key)) return true;
      // 'учреждения здравоохранения «Республиканская клиническая больница … Республики Татарстан»': the kind
      // of body with its field between it and the quote.
      if (k >= 1 && tokens[k]!.isWord && !tokens[k]!.capitalised && tokens[k - 1]!.isWord && /^учреждени/.test(tokens[k - 1]!.folded)) return true;
    }
  }
  return false;
}

/**
 * A town in -ск in the instrumental ('Дзержинском') is spelled as the adjective of a city district
 * whose noun is left out ('в районах города – Калининском, Дзержинском и Ленинском'): it is the town only
 * after a preposition that takes the instrumental ('под Дзержинском', 'между Нижним и Дзержинском').
 */
function districtNotTown(tokens: readonly Token[], start: number, end: number, value: { kind: string; adjectival: boolean }): boolean {
  // 'в Петропавловске-Камчатском': a hyphenated town whose last part is an adjective is no district's name.
  if (value.kind !== 'city' || value.adjectival || end !== start + 1 || !/[сц]ком$/.test(tokens[start]!.folded) || tokens[start]!.folded.includes('-')) return false;
  for (let k = start - 1; k >= 0 && k >= start - 4; k -= 1) {
    const word = tokens[k]!;
    if (!word.isWord) continue;
    if (/^(с|со|над|под|перед|за|между|рядом)$/.test(word.folded)) return false;
    if (word.folded !== 'и' && !/(ом|ой|ым|им)$/.test(word.folded)) return true;
  }
  return true;
}

/** A region adjective standing alone ('в Донском — …', 'Кировское»') is a town's or village's name, not the region. */
function adjectiveWithoutNoun(tokens: readonly Token[], end: number, text: string | undefined, feminineHead = false): boolean {
  const word = tokens[end - 1]!.folded;
  if (!ADJECTIVE_FORM.test(word)) return false;
  // '«Приморье — Донское»', 'станция «Тверская»': a closing quote ends a name.
  if (text && /^\s*[»"“]/.test(text.slice(tokens[end - 1]!.end, tokens[end - 1]!.end + 3))) return true;
  // 'из Белгородской области, третье — из Воронежской': the feminine head is left out, not missing.
  if (feminineHead && /(ая|ой|ую|ей)$/.test(word)) return false;
  const next = tokens[end];
  return !next?.isWord || NOT_AFTER_ADJECTIVE.has(next.folded);
}

/**
 * The reading of a word two subjects' towns share a stem for ('Печоры', Pskov, and 'Печора', Komi; 'Волжский',
 * Volgograd, and 'Волжск', Mari El), by its ending: a plural case ('в Печорах', 'Печор') names the town in the
 * plural, a singular one ('в Печоре', 'Печорой') the other; an adjective's ending ('Волжский', 'в Волжском') the
 * town whose name is that adjective, though 'Печорский район' is the district of the town in the plural (a town
 * in the singular names its own district). Null when the ending fits both ('Печоры' is also the genitive 'Печоры').
 */
function townByEnding(values: readonly TrieValue[], token: Token, previous: Token | undefined): TrieValue | null {
  const word = token.folded;
  const plural = values.find((value) => value.plural);
  const singular = values.find((value) => !value.plural && !value.shaped);
  const shaped = values.find((value) => value.shaped);
  if (shaped) return DERIVED_ADJECTIVE.test(word.replace(/ом$/, 'ым')) ? shaped : (values.find((value) => !value.shaped) ?? null);
  if (plural && singular) {
    if (/(ах|ам|ами|ск(ий|ого|ому|им|ом))$/.test(word) || !/[аеиоуыяюй]$/.test(word)) return plural;
    if (/(е|у|ой|ою|а)$/.test(word)) return singular;
    // '-ы': the plural's nominative, or the singular's genitive after a preposition that takes it.
    // 'реки Печоры' is the river, which flows past the town in the singular.
    return /^(из|от|до|у|для|около|возле|близ|вблизи|с|со|реки|река)$/.test(previous?.folded ?? '') ? singular : null;
  }
  return null;
}

/** An emoji opening a line: a post's list item or venue ('🥇 Кизляр', '📍 Казань'), never a page's furniture. */
const LIST_EMOJI = /^\s*\p{Extended_Pictographic}/u;

/**
 * Line starts of the furniture lines of a text: a place alone on a short line of capitalised words
 * ('Москва' over a date widget, 'Cows. Moscow' under a photo). One pass over the text.
 */
function furnitureLines(text: string): Set<number> {
  const lines = new Set<number>();
  let lineStart = 0;
  for (const line of text.split('\n')) {
    // A list item or a table row ('– Удмуртская Республика', '2 — Черкесск, Карачаево-Черкесия', '1 | Москва | 95,3', 'Москва 96,3'),
    // an emoji's too ('🥇 Кизляр (Республика Дагестан)', '📍 Казань'), is content, not furniture.
    if (line.length <= 80 && !/^\s*(?:[–—•*·-]|\d+[.)]\s|\d+\s+[–—-]\s)|[|\t]|\d+[,.]\d+\s*%?\s*$/.test(line) && !LIST_EMOJI.test(line)) {
      const words = line.match(/[\p{L}\p{N}]+(?:[-'’.][\p{L}\p{N}]+)*/gu) ?? [];
      if (words.length > 0 && words.length <= 3 && words.every((word) => /^[\p{Lu}\p{N}]/u.test(word)) && !/[.!?:]\s*$/.test(line.trim())) lines.add(lineStart);
    }
    lineStart += line.length + 1;
  }
  return lines;
}

/**
 * Whether the token at `start` lies on one of the `furniture` lines of `text`, alone: a place after a word of
 * its own phrase ('Неделя Раиса Татарстана', 'Губернатор Кубани' as a headline) is the line's content.
 */
function onFurnitureLine(tokens: readonly Token[], start: number, text: string, furniture: ReadonlySet<number>): boolean {
  if (furniture.size === 0) return false;
  // Furniture lines are short: look back at most 80 characters for the line start.
  const from = tokens[start]!.start;
  let lineStart = from <= 80 ? 0 : -1;
  for (let k = from - 1; k >= Math.max(0, from - 81); k -= 1) {
    if (text[k] === '\n') {
      lineStart = k + 1;
      break;
    }
  }
  if (lineStart < 0 || !furniture.has(lineStart)) return false;
  const previous = tokens[start - 1];
  return !(previous?.isWord && previous.start >= lineStart && previous.sentence === tokens[start]!.sentence);
}

/**
 * Whether the word before an English town's name made from the Russian one says it is no town: a capitalised
 * given name ('Ivan Glazov' is a person) or 'the' ('across the Volkhov' is the river; English puts no article
 * before a town's name, and 'the Ostashkov embankment' is given up with it).
 */
function notTownAfter(tokens: readonly Token[], start: number): boolean {
  const previous = tokens[start - 1];
  if (!previous?.isWord || previous.sentence !== tokens[start]!.sentence) return false;
  return previous.folded === 'the' || (previous.capitalised && GIVEN_NAMES_EN.has(previous.folded));
}

/** A name's stem without its adjective or noun case ending ('красногорского' → 'красногорск'). */
const nameStem = (folded: string): string => folded.replace(/(?:ого|его|ому|ему|ими|ыми|ий|ый|ой|ая|яя|ое|ее|ую|юю|ым|им|ом|ем|ых|их|ие|ые|а|у|е|ы|и)$/, '');

/**
 * Tokens that repeat a village's own name ('рабочего посёлка Красногорский … Красногорский показал'): neither
 * a region (see `findRegionHits`) nor a person's surname.
 */
export function settlementNameTokens(tokens: readonly Token[]): Set<number> {
  const names = settlementNames(tokens);
  const found = new Set<number>();
  if (names.size) tokens.forEach((token, i) => token.isWord && token.capitalised && names.has(nameStem(token.folded)) && found.add(i));
  return found;
}

/** A name in an adjective's form, any case ('Красногорский', 'Ивановском'). */
const ADJECTIVE_NAME = /(?:ий|ый|ой|ое|ая|ее|ие|ые|ого|его|ому|ему|ым|им|ом|ем|ую|ых|их|ей)$/;

/** Stems of the adjective-shaped names right after a settlement noun ('посёлок Красногорский', 'в селе Ивановском'). */
function settlementNames(tokens: readonly Token[]): Set<string> {
  const names = new Set<string>();
  for (let i = 0; i + 1 < tokens.length; i += 1) {
    const next = tokens[i + 1]!;
    // Adjective-shaped names only: 'посёлок Териберка' is the catalogue's own village, named the same wherever it stands.
    if (tokens[i]!.isWord && next.isWord && next.capitalised && SETTLEMENT.test(tokens[i]!.folded) && tokens[i]!.folded !== 'village' && !/^микрорайон/.test(tokens[i]!.folded) && ADJECTIVE_NAME.test(next.folded)) names.add(nameStem(next.folded));
  }
  return names;
}

/**
 * Every federal subject named in the tokens, in text order (a subject may appear several times).
 * `text`, the text the tokens were cut from, lets it also tell places inside quoted names and on
 * furniture lines.
 */
export function findRegionHits(tokens: readonly Token[], text?: string): RegionHit[] {
  const hits: RegionHit[] = [];
  const skipped = new Set<number>();
  for (let i = 0; i < tokens.length; i += 1) {
    if (!(tokens[i]!.classes & NOT_PLACE_START)) continue;
    const phrase = NOT_PLACES.longestAt(tokens, i);
    if (phrase) for (let k = i; k < phrase.end; k += 1) skipped.add(k);
  }
  const furniture = text ? furnitureLines(text) : new Set<number>();
  /** Hits of a stem two subjects' towns share, with both subjects: the text's other places may choose. */
  const alternatives = new Map<RegionHit, string[]>();
  /** The bare word 'столица' / 'столичный', and the subjects whose capital the text names by its name. */
  const capitalWords = new Set<RegionHit>();
  const capitalCities = new Set<string>();
  /** One-word mentions by a short name or a lone adjective ('Приморье', 'Приморский округ') of `sharedShortForms` subjects. */
  const short = new Set<RegionHit>();
  /** Mentions of `placeOnly` towns, and whether each reads as a place. */
  const placeOnly: Array<{ hit: RegionHit; place: boolean; town: TrieValue }> = [];
  /** Not inside a listed name nor on a furniture line. */
  const unmasked = (start: number): boolean => !skipped.has(start) && !(text && onFurnitureLine(tokens, start, text, furniture));
  /** A capitalised adjective at `i` naming a district of `code`'s subject, to be read as a weak mention ('Томского района'). */
  const districtOf = (i: number, code: string | null): code is string => !!code && tokens[i]!.capitalised && namesDistrict(tokens, i) && unmasked(i);
  const keep = (hit: RegionHit): boolean => unmasked(hit.start) && !isPartOfName(tokens, hit.start, hit.end, hit.adjectival, text);
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]!;
    if (!(token.classes & REGION_START)) {
      i += 1;
      continue;
    }
    const coordinated = coordinationAt(tokens, i);
    if (coordinated) {
      const whole = { code: '', start: i, end: coordinated.end, adjectival: false };
      if (keep(whole)) hits.push(...coordinated.hits.filter((hit) => !skipped.has(hit.start)));
      i = coordinated.end;
      continue;
    }
    const match = trie.longestAt(tokens, i);
    if (match) {
      const shared = match.end === i + 1 && match.values.length > 1 && match.values.every((value) => value.kind === 'city') && new Set(match.values.map((value) => value.code)).size > 1;
      const byEnding = shared ? townByEnding(match.values, token, tokens[i - 1]) : null;
      // An ending that fits both: a subject's capital, or the plural's nominative, unless the text's other places
      // say otherwise.
      const value = byEnding ?? (shared ? match.values.find((candidate) => candidate.capital) ?? match.values.find((candidate) => candidate.plural) : undefined) ?? match.values[0]!;
      // 'Красноярский' matches the stem of the city 'Красноярск': an adjective made from a name.
      // 'в Пролетарском округе Тулы': -ом / -ой is also the town's instrumental ('под Пролетарском'), so it is
      // read as the adjective only before a district noun (a city's district, named after anything).
      const derived =
        !value.adjectival &&
        !value.shaped &&
        match.end === i + 1 &&
        token.folded.length > value.length &&
        /[а-я]/.test(token.folded) &&
        // ('с Петербургом районах': only a town in -ск has an instrumental spelled like its adjective.)
        (DERIVED_ADJECTIVE.test(token.folded) || (value.consonant && /ой$/.test(token.folded) && !adjectives.has(token.key)) || (/[сц]к(ом|ой)$/.test(token.folded) && /^(округ|район|микрорайон)/.test(nounAfterAdjectives(tokens, match.end))));
      // 'Московской областной думы': the city's adjective before 'областной' names the Moscow Region's body.
      // 'Амурский стандарт': an adjective that is also a region's ('Амурская область') is the region's, not
      // the town's it could be made from (Амурск, Khabarovsk Krai).
      // 'Амурской медакадемии': a consonant town's '-ой' that is a region's adjective is the region's (Амурск is in Khabarovsk Krai).
      const regionAdjective = derived || (value.consonant && /ой$/.test(token.folded)) ? adjectives.get(token.key)?.find((entry) => token.folded.startsWith(entry.base)) : undefined;
      const code = regionAdjective ? regionAdjective.code : value.code === 'RU-MOW' && value.adjectival && /^областн/.test(tokens[match.end]?.folded ?? '') ? 'RU-MOS' : value.code;
      // 'поэт Пушкин' is no case form of Пушкино ('из Чебоксар' is one of Чебоксары); 'Ivan Glazov' is a person;
      // 'Кому' is no form of Коми.
      // 'улицы Коммунаров', 'в курганах': a plural's ending after a consonant town's whole name is no case form of it.
      const pluralOfName = value.consonant && match.end === i + 1 && !value.adjectival && /^(ов|ам|ах|ами)$/.test(token.folded.slice(value.length)) && token.folded.length > value.length;
      if (pluralOfName || (value.neuter && match.end === i + 1 && token.folded.length < value.length) || (value.made && notTownAfter(tokens, i)) || (value.indeclinable && match.end === i + 1 && token.folded !== value.indeclinable)) {
        i = match.end;
        continue;
      }
      // 'Волжской ГЭС', 'советский', 'северский': a town whose adjective is an ordinary word is not named by it.
      // (A town whose own name is such a word is kept for `placeOnly` below: 'город Волжский'.)
      if (value.kind === 'city' && match.end === i + 1 && COMMON_ADJECTIVE_TOWN.test(token.folded) && /(ий|ая|ое|ие|их|ого|ому|ую|ым|ыми|ой|ей)$/.test(token.folded) && !(value.placeOnly && !derived)) {
        i = match.end;
        continue;
      }
      const hit: RegionHit = { code, start: i, end: match.end, adjectival: value.adjectival || derived };
      if (value.kind === 'name') hit.subject = true;
      if (value.weak) hit.weak = true;
      const standalone = (value.kind !== 'capital' && hit.adjectival && adjectiveWithoutNoun(tokens, match.end, text)) || districtNotTown(tokens, i, match.end, value);
      if (value.placeOnly && !derived) {
        // A given name's town followed by a capitalised word is the name's ('главы города Владимира Пешкова').
        const nameFollows = value.placeOnlyEach && !!tokens[match.end]?.isWord && tokens[match.end]!.capitalised && tokens[match.end]!.sentence === token.sentence;
        if (keep(hit)) placeOnly.push({ hit, place: !nameFollows && readsAsPlace(tokens, i, match.end, value.shaped), town: value });
      } else if ((value.kind !== 'capital' || !isBlockedCapital(tokens, match.end, i)) && keep(hit) && !standalone) {
        // 'Новотроицкий муниципальный округ' (the Kherson Region's, not Novotroitsk's): a town's adjective before a
        // district noun is weak, as a region's is ('Пермского района'), for a district of that name may lie elsewhere.
        if (derived && DISTRICT_NOUN.test(nounAfterAdjectives(tokens, match.end))) hit.weak = true;
        hits.push(hit);
        if (value.kind === 'capital') capitalWords.add(hit);
        else if (value.kind === 'city' && value.capital) capitalCities.add(code);
        if (shared && !byEnding) alternatives.set(hit, [...new Set(match.values.map((candidate) => candidate.code))]);
        if (value.kind === 'name' && match.end === i + 1 && SHARED_SHORT_FORMS.has(code)) short.add(hit);
      } else if (derived && !shared && !SHARED_SHORT_FORMS.has(code) && districtOf(i, code)) {
        // 'Томского района': a town's adjective before a district noun, which the head check passed over.
        hits.push({ ...hit, weak: true });
      }
      i = match.end;
      continue;
    }
    if (token.folded === 'capital' && !isBlockedCapital(tokens, i + 1, i)) {
      // 'the capital' alone: the catalogue word would be too common to list as a name.
      hits.push({ code: 'RU-MOW', start: i, end: i + 1, adjectival: true });
      i += 1;
      continue;
    }
    const adjective = adjectives.get(token.key)?.find((entry) => token.folded.startsWith(entry.base));
    // 'Кировск' shares the stem of 'Кировская' but is a town's name, not the adjective.
    if (adjective && token.folded.length > 5 && ADJECTIVE_FORM.test(token.folded)) {
      const hit = { code: adjective.code, start: i, end: i + 1, adjectival: true };
      const ordinarySense = ORDINARY_SENSE_OF_REGION.get(adjective.code);
      if (ordinarySense && !token.capitalised && ordinarySense.test(nounAfterAdjectives(tokens, i + 1))) {
        i += 1;
        continue;
      }
      if (keep(hit) && !adjectiveWithoutNoun(tokens, i + 1, text, FEMININE_HEADS.has(adjective.head))) {
        hits.push(hit);
        if (SHARED_SHORT_FORMS.has(hit.code)) short.add(hit);
      } else if (!SHARED_SHORT_FORMS.has(hit.code) && districtOf(i, hit.code)) {
        // 'Пермского района': a region's adjective before a bare district noun, which the head check passed over.
        hits.push({ ...hit, weak: true });
      }
    } else if (token.capitalised && ADJECTIVE_FORM.test(token.folded) && districtAdjectives.has(token.key)) {
      const entry = districtAdjectives.get(token.key)!;
      const code = townAdjectiveCode(entry);
      if (districtOf(i, code)) {
        const hit = { code, start: i, end: i + 1, adjectival: true, weak: true };
        hits.push(hit);
        if (entry.codes.length > 1) alternatives.set(hit, entry.codes);
      }
    } else if (!token.capitalised && DERIVED_ADJECTIVE.test(token.folded) && !COMMON_ADJECTIVE_TOWN.test(token.folded) && !ORDINARY_TOWN_ADJECTIVE.test(token.folded)) {
      // Lower case only: a capitalised one names a district or a body ('Казанский район' of Tyumen Region,
      // 'Казанский федеральный университет'); nor before a district noun.
      const entry = townAdjectives.get(token.key);
      const code = entry ? townAdjectiveCode(entry) : null;
      const hit = code ? { code, start: i, end: i + 1, adjectival: true } : null;
      // In the plural a district noun is the region's districts ('липецкие районы и округа'), not one named after anything.
      const plural = PLURAL_ADJECTIVE.test(token.folded);
      if (hit && keep(hit) && !adjectiveWithoutNoun(tokens, i + 1, text) && (plural || !/^(округ|район|микрорайон|поселени|сельсовет|улус|district)/.test(nounAfterAdjectives(tokens, i + 1)))) {
        hits.push(hit);
        if (entry!.codes.length > 1) alternatives.set(hit, entry!.codes);
      }
    }
    i += 1;
  }
  if (placeOnly.length) {
    // One mention read as a place makes the town's other mentions the town too ('Город Волжский … Волжский стал').
    const placed = new Set(placeOnly.filter((mention) => mention.place).map((mention) => mention.town));
    for (const mention of placeOnly) if (placed.has(mention.town) && (mention.place || !mention.town.placeOnlyEach)) hits.push(mention.place ? { ...mention.hit, place: true } : mention.hit);
    hits.sort((a, b) => a.start - b.start);
  }
  if (alternatives.size) {
    // 'в Печорах Псковской области': the subject the text also names, whatever the ending said.
    const named = new Set(hits.filter((hit) => !alternatives.has(hit)).map((hit) => hit.code));
    for (const [hit, codes] of alternatives) {
      const chosen = codes.filter((code) => named.has(code));
      if (chosen.length === 1) hit.code = chosen[0]!;
    }
  }
  if (capitalWords.size) {
    // 'Волжск перенимает опыт Йошкар-Олы … «В столице мы за два сезона …»': in a text about one subject that names
    // its capital, the bare word is that capital, not Moscow.
    const others = new Set(hits.filter((hit) => !capitalWords.has(hit)).map((hit) => hit.code));
    const [only] = others;
    if (others.size === 1 && only !== 'RU-MOW' && capitalCities.has(only!)) {
      const kept = hits.filter((hit) => !capitalWords.has(hit));
      hits.length = 0;
      hits.push(...kept);
    }
  }
  if (hits.some((hit) => hit.weak)) {
    // A weak mention (a district by its adjective, a federal city's district by its name) counts only in a
    // text naming no other subject.
    const named = new Set(hits.filter((hit) => !hit.weak).map((hit) => hit.code));
    const kept = hits.filter((hit) => !hit.weak || [...named].every((code) => code === hit.code));
    hits.length = 0;
    hits.push(...kept);
  }
  const settlements = settlementNames(tokens);
  if (settlements.size) {
    // 'рабочего посёлка Красногорский … Красногорский показал': the village named after its noun is that
    // village wherever the text repeats its name, not the town its adjective comes from (Красногорск).
    const own = (hit: RegionHit): boolean => hit.end === hit.start + 1 && !hit.subject && settlements.has(nameStem(tokens[hit.start]!.folded));
    if (hits.some(own)) {
      const kept = hits.filter((hit) => !own(hit));
      hits.length = 0;
      hits.push(...kept);
    }
  }
  if (short.size) {
    const named = new Set(hits.filter((hit) => !short.has(hit)).map((hit) => hit.code));
    const theirs = (hit: RegionHit): boolean => short.has(hit) && !named.has(hit.code) && SHARED_SHORT_FORMS.get(hit.code)!.some((code) => named.has(code));
    // 'Приморское кольцо' in a text about Kaliningrad is its coast's road.
    if (hits.some(theirs)) return hits.filter((hit) => !theirs(hit));
  }
  return hits;
}

const PRACTICE_NOUN = /^(практик|опыт|решени|проект|модел|инициатив|кейс|разработк|технологи|механизм|подход|систем|программ|стандарт|методик|формат|practice|practician|experience|solution|project|model|initiative|approach|system|programme|program|development|standard|method|format)/;
const ORIGIN_VERB = /^(разработа|разработк|созда|запустил|запуск|придума|реализова|developed|created|launched|designed|pioneered|invented|originat)/;
const ADOPTER_CUE = /^(внедрят|внедрит|внедрить|внедряют|внедряет|переня|переним|перейм|заимствова|тиражир|распростран|применят|применить|адаптир|implement|adopt|introduc|replicat|borrow|roll)/;
/**
 * Verbs of taking a practice up, in the present or future ('заработает', 'вводит', 'переходит на',
 * 'запустят', 'will introduce'): with a practice's origin in the sentence, or a borrowing verb, the
 * subject or the place they happen in adopts it.
 */
const ADOPTION_VERB = /^(внедр(ит|ят|яет|яют|ить|ен)|заработа(ет|ют)|появ(ится|ятся)|ввод(ит|ят)|введ(ут|ет|ёт)|запуст(ит|ят)|переход(ит|ят)|перейд(ет|ут|ёт)|переним|переня|перейм|заимствова|использ(ует|уют|овать)|примен(яет|яют|ит|ят|ять)|возьм(ет|ут|ёт)|берут|взял[аи]?|adopt|introduc|implement|launch|us(e|ed|ing)|appl(y|ies)|switch|borrow|tak(e|es|ing))/;
/** Verbs that say the practice is someone else's ('перенимают опыт', 'взяла на вооружение', 'borrows'). */
const BORROWING = /^(переним|переня|перейм|заимствова|вооружени|borrow|adopt)/;
const ADOPTION_WORD = defineWordClass((folded) => ADOPTION_VERB.test(folded));
const BORROWING_WORD = defineWordClass((folded) => BORROWING.test(folded));
const FUTURE = /^(будет|будут|планиру|намерен|смогут|готов|will|plan|intend|going|ready)/;
/** Words a sentence may open with before its subject ('Уже', 'Теперь', 'С 1 марта'). */
const OPENERS = /^(уже|теперь|также|ещё|еще|вскоре|скоро|now|also|soon|с|со|from|\d+|январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр|года?)$/;

/** 'по примеру', 'following the example': words before a region that make it the practice's origin. */
const FOLLOWING = /^(по|following)$/;
const EXAMPLE = /^(пример|опыт|example)/;
/** Prepositions before a region that takes a practice up ('в Пермском крае внедрят', 'adopted by Tula'). */
const ADOPTER_PREPOSITION = /^(в|in|by|to)$/;

/**
 * Whether one of the first `limit` words of `tokens[from..to)` in the given sentence passes `test`.
 * A module function over the tokens in place: arrays and closures made per hit cost more than the scan.
 */
function someWord(tokens: readonly Token[], sentence: number, from: number, to: number, test: RegExp, limit = Infinity): boolean {
  let words = 0;
  for (let i = Math.max(0, from); i < Math.min(tokens.length, to) && words < limit; i += 1) {
    const token = tokens[i]!;
    if (token.sentence !== sentence || !token.isWord) continue;
    words += 1;
    if (test.test(token.folded)) return true;
  }
  return false;
}

/** Whether the hit owns a practice: 'нижегородская система', 'опыт Татарстана', 'the Tatarstan model', 'по примеру Тюмени', 'разработанный в Казани'. */
function isOrigin(tokens: readonly Token[], hit: RegionHit): boolean {
  const sentence = tokens[hit.start]!.sentence;
  // The four tokens before the hit and the four after it, their words in its sentence.
  const beforeFrom = hit.start - 4;
  const afterTo = hit.end + 4;
  const last = tokens[hit.end - 1]!.folded;
  const possessive = last.endsWith("'s") || last.endsWith('’s');
  const english = /^[a-z]/.test(tokens[hit.start]!.folded);
  if (someWord(tokens, sentence, beforeFrom, hit.start, FOLLOWING) && someWord(tokens, sentence, beforeFrom, hit.start, EXAMPLE)) return true;
  // An adjective or a possessive before the practice, or an English name used as one ('the Tatarstan model').
  if ((hit.adjectival || possessive) && someWord(tokens, sentence, hit.end, afterTo, PRACTICE_NOUN, 2)) return true;
  if (english && !possessive && tokens[hit.end]?.isWord && PRACTICE_NOUN.test(tokens[hit.end]!.folded)) return true;
  // 'практика Москвы', 'опыт Республики Татарстан', 'the experience of Moscow'.
  const previous = tokens[hit.start - 1];
  const ofPrevious = previous?.folded === 'of' ? tokens[hit.start - 2] : tokens[hit.start - 2]?.folded === 'of' && previous?.folded === 'the' ? tokens[hit.start - 3] : undefined;
  if (previous && (PRACTICE_NOUN.test(previous.folded) || (ofPrevious && PRACTICE_NOUN.test(ofPrevious.folded)))) return true;
  return someWord(tokens, sentence, beforeFrom, hit.start, ORIGIN_VERB) || someWord(tokens, sentence, hit.end, afterTo, ORIGIN_VERB);
}

/** The role of one hit near its own words: adopter when an adoption cue stands by it, else mentioned. */
function nearRole(tokens: readonly Token[], hit: RegionHit): RegionRole {
  const sentence = tokens[hit.start]!.sentence;
  // The words of the four tokens before the hit, and of the four after it (the first three of those are near).
  const beforeFrom = hit.start - 4;
  const afterTo = hit.end + 4;
  const near = (test: RegExp): boolean => someWord(tokens, sentence, beforeFrom, hit.start, test) || someWord(tokens, sentence, hit.end, afterTo, test, 3);
  if (near(ADOPTER_CUE) && (near(FUTURE) || someWord(tokens, sentence, hit.end, afterTo, ADOPTER_CUE) || someWord(tokens, sentence, beforeFrom, hit.start, ADOPTER_PREPOSITION))) return 'adopter';
  return 'mentioned';
}

/** The hit is where something happens ('в Пермском крае', 'in the Perm Territory') or the sentence's subject ('Тула вводит …'). */
function isPlaceOrSubject(tokens: readonly Token[], hit: RegionHit): boolean {
  let k = hit.start - 1;
  if (tokens[k]?.folded === 'the') k -= 1;
  if (tokens[k] && /^(в|во|на|in)$/.test(tokens[k]!.folded) && tokens[k]!.sentence === tokens[hit.start]!.sentence) return true;
  for (k = hit.start - 1; k >= 0 && tokens[k]!.sentence === tokens[hit.start]!.sentence; k -= 1) {
    if (tokens[k]!.isWord && !OPENERS.test(tokens[k]!.folded)) return false;
  }
  return true;
}

/**
 * Roles of every hit: origin when it owns the practice; adopter when an adoption cue stands by it,
 * or when its sentence takes up a practice ('заработает', 'переходит на', 'will adopt') whose origin
 * it also names, or borrows one ('перенимают', 'взяла на вооружение'), and the hit is the place or
 * the subject ('В Пермском крае заработает нижегородская система' → Perm adopts, Nizhny Novgorod
 * is the origin); else mentioned.
 */
function rolesOf(tokens: readonly Token[], hits: readonly RegionHit[]): RegionRole[] {
  const roles: RegionRole[] = hits.map((hit) => (isOrigin(tokens, hit) ? 'origin' : nearRole(tokens, hit)));
  const sentences = new Map<number, number[]>();
  hits.forEach((hit, index) => {
    const indices = sentences.get(tokens[hit.start]!.sentence);
    if (indices) indices.push(index);
    else sentences.set(tokens[hit.start]!.sentence, [index]);
  });
  if (sentences.size === 0) return roles;
  // Which sentences hold an adoption or a borrowing verb: one pass over the tokens.
  const adoptionIn = new Set<number>();
  const borrowingIn = new Set<number>();
  for (const token of tokens) {
    if (!(token.classes & (ADOPTION_WORD | BORROWING_WORD)) || !sentences.has(token.sentence)) continue;
    if (token.classes & ADOPTION_WORD) adoptionIn.add(token.sentence);
    if (token.classes & BORROWING_WORD) borrowingIn.add(token.sentence);
  }
  for (const [sentence, indices] of sentences) {
    const adoption = adoptionIn.has(sentence);
    const borrowing = borrowingIn.has(sentence);
    const withOrigin = indices.some((index) => roles[index] === 'origin');
    if (!adoption || !(withOrigin || borrowing)) continue;
    for (const index of indices) if (roles[index] === 'mentioned' && isPlaceOrSubject(tokens, hits[index]!)) roles[index] = 'adopter';
  }
  return roles;
}

const ROLE_RANK: Record<RegionRole, number> = { origin: 2, adopter: 1, mentioned: 0 };

/**
 * Regions of a text with their roles, one entry per subject (the strongest role wins; origin beats
 * adopter beats mentioned). `ownPracticeRegion` is the publisher's own subject when the text speaks
 * of 'our practice'.
 */
export function resolveRegions(tokens: readonly Token[], hits: readonly RegionHit[], options: { ownPracticeRegion?: string | null } = {}): RegionMention[] {
  const roles = new Map<string, RegionRole>();
  const hitRoles = rolesOf(tokens, hits);
  hits.forEach((hit, index) => {
    const role = hitRoles[index]!;
    const current = roles.get(hit.code);
    if (current === undefined || ROLE_RANK[role] > ROLE_RANK[current]) roles.set(hit.code, role);
  });
  if (options.ownPracticeRegion) roles.set(options.ownPracticeRegion, 'origin');
  return [...roles].map(([code, role]) => {
    const region = byCode.get(code)!;
    // One canonical (Russian) name whatever the article's language, so that lists and filters agree.
    return { code, name: region.name, role };
  });
}
