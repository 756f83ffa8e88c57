import names from '../catalogues/first-names.json' with { type: 'json' };
import type { PersonMention } from '../model.js';
import { defineWordClass, type Token } from './lexicon.js';
import { foldText } from './normalise.js';

type Gender = 'f' | 'm';
/** What a first name's case form says about its surname's ending: nominative, or which oblique case. */
type CaseClass = 'nom' | 'gen' | 'dat' | 'acc' | 'ins' | 'prep' | 'obl';

interface FirstNameForm {
  nominative: string;
  gender: Gender;
  caseClass: CaseClass;
}

/** Every reading of a given name's form: 'Евгению' is Евгения (accusative) or Евгений (dative). */
const firstNames = new Map<string, FirstNameForm[]>();

function addForm(form: string, entry: FirstNameForm): void {
  const key = foldText(form);
  const readings = firstNames.get(key) ?? [];
  if (!readings.some((known) => known.nominative === entry.nominative && known.caseClass === entry.caseClass)) readings.push(entry);
  firstNames.set(key, readings);
}

/** Case forms of a Russian given name, by its ending (a small, regular paradigm). */
function declineFirstName(name: string, gender: Gender): Array<[string, CaseClass]> {
  const forms: Array<[string, CaseClass]> = [[name, 'nom']];
  const stem = (n: number): string => name.slice(0, name.length - n);
  if (gender === 'f') {
    if (name.endsWith('ия')) forms.push([`${stem(1)}и`, 'obl'], [`${stem(1)}ю`, 'acc'], [`${stem(1)}ей`, 'obl']);
    else if (name.endsWith('я')) forms.push([`${stem(1)}и`, 'obl'], [`${stem(1)}е`, 'obl'], [`${stem(1)}ю`, 'acc'], [`${stem(1)}ей`, 'obl']);
    else if (name.endsWith('а')) {
      const soft = /[гкхжшчщ]а$/.test(name);
      forms.push([`${stem(1)}${soft ? 'и' : 'ы'}`, 'obl'], [`${stem(1)}е`, 'obl'], [`${stem(1)}у`, 'acc'], [`${stem(1)}${/[жшчщц]а$/.test(name) ? 'ей' : 'ой'}`, 'obl']);
    } else if (name.endsWith('ь')) forms.push([`${stem(1)}и`, 'obl'], [`${stem(1)}ью`, 'obl']);
    return forms;
  }
  if (name.endsWith('ий')) forms.push([`${stem(1)}я`, 'gen'], [`${stem(1)}ю`, 'dat'], [`${stem(1)}ем`, 'ins'], [`${stem(1)}и`, 'prep']);
  else if (name.endsWith('й') || name.endsWith('ь')) forms.push([`${stem(1)}я`, 'gen'], [`${stem(1)}ю`, 'dat'], [`${stem(1)}ем`, 'ins'], [`${stem(1)}е`, 'prep']);
  else if (name.endsWith('я')) forms.push([`${stem(1)}и`, 'gen'], [`${stem(1)}е`, 'dat'], [`${stem(1)}ю`, 'acc'], [`${stem(1)}ей`, 'ins'], [`${stem(1)}ёй`, 'ins']);
  else if (name.endsWith('а')) forms.push([`${stem(1)}${/[гкхжшчщ]а$/.test(name) ? 'и' : 'ы'}`, 'gen'], [`${stem(1)}е`, 'dat'], [`${stem(1)}у`, 'acc'], [`${stem(1)}${/[жшчщц]а$/.test(name) ? 'ей' : 'ой'}`, 'ins']);
  else {
    const base = /ел$/.test(name) ? `${stem(2)}л` : name;
    forms.push([`${base}а`, 'gen'], [`${base}у`, 'dat'], [`${base}ом`, 'ins'], [`${base}е`, 'prep']);
  }
  return forms;
}

for (const [list, gender] of [[names.ruFemale, 'f'], [names.ruMale, 'm']] as const) {
  for (const name of list) for (const [form, caseClass] of declineFirstName(name, gender)) addForm(form, { nominative: name, gender, caseClass });
}
const englishFirstNames = new Set(names.en.map((name) => foldText(name)));
/** Words never a name, though capitalised at a sentence start ('Вместе с губернатором …'). */
const NOT_NAMES = new Set(names.notNames.map((word) => foldText(word)));

/** True when the token is a known given name (any case form, Russian or English). */
export function isGivenName(token: Token): boolean {
  return token.capitalised && (firstNames.has(token.folded) || englishFirstNames.has(token.folded));
}

/** Brings a surname seen after a case form of a given name back to the nominative. */
export function nominativeSurname(surname: string, gender: Gender, caseClass: CaseClass): string {
  // A woman's given name that does not decline ('Гульназ', 'Любовь') reads as a nominative in every case, but her
  // surname's '-овой' or '-ской' is never one ('Гульназ Ишмухаметовой' → Ишмухаметова).
  if (caseClass === 'nom' && gender === 'f') return surname.replace(/^([^-]{3,}(?:ск|цк))(?:ой|ую)$/, '$1ая').replace(/^([^-]{2,}(?:ов|ев|ёв|ин|ын))(?:ой|у)$/, '$1а');
  if (caseClass === 'nom') return surname;
  // Both parts of a double surname decline ('Марии Лопатиной-Ковалевой').
  if (/^[^-]{3,}-[^-]{3,}$/.test(surname)) return surname.split('-').map((part) => nominativeSurname(part, gender, caseClass)).join('-');
  if (gender === 'f') {
    if (caseClass === 'acc') return surname.replace(/(ск|цк)ую$/, '$1ая').replace(/(ов|ев|ёв|ин|ын)у$/, '$1а');
    return surname.replace(/(ск|цк)ой$/, '$1ая').replace(/(ов|ев|ёв|ин|ын)ой$/, '$1а');
  }
  const rules: Record<Exclude<CaseClass, 'nom' | 'obl'>, Array<[RegExp, string]>> = {
    // A man's surname in -а declines like a noun: 'Владислава Шапши' → Шапша (not a Georgian -швили).
    // 'Игоря Рудени' → Руденя (a man's surname in -я, as 'Игорем Руденей' below).
    // 'Ивана Вылки' → Вылка (a Nenets surname in -ка declines as a noun).
    gen: [[/(ск|цк)ого$/, '$1ий'], [/([^аеёиоуыэюя])ного$/, '$1ный'], [/([бвгджзклмнпрстфхцчшщ])а$/, '$1'], [/([лнр])я$/, '$1ь'], [/([жшчщгкх])и$/, '$1а'], [/(ен|ул|ел)и$/, '$1я'], [/([бвдзмнпрстфц])ы$/, '$1а']],
    acc: [[/(ск|цк)ого$/, '$1ий'], [/([^аеёиоуыэюя])ного$/, '$1ный'], [/([бвгджзклмнпрстфхцчшщ])а$/, '$1'], [/([лнр])я$/, '$1ь']],
    // 'Юрию Чеботарю' → Чеботарь: a soft stem in -ль, -нь, -рь (as 'Чеботаря' above and 'Чеботарём' below).
    dat: [[/(ск|цк)ому$/, '$1ий'], [/([^аеёиоуыэюя])ному$/, '$1ный'], [/([бвгджзклмнпрстфхцчшщ])у$/, '$1'], [/([лнр])ю$/, '$1ь'], [/([жшчщ])е$/, '$1а']],
    // A man's surname in -а declines like a noun ('Владиславом Шапшой' → Шапша); adjectival ones end in -ым/-им
    // ('Юрием Бездудным' → Бездудный).
    // 'Игорем Руденей' → Руденя. 'Юрием Чеботарём', 'Игорем Бондарем' → Чеботарь, Бондарь (a soft stem);
    // 'Ткачом', 'Ткачём' → Ткач.
    ins: [[/(ск|цк)им$/, '$1ий'], [/([^аеёиоуыэюя])ным$/, '$1ный'], [/(ов|ев|ёв|ин|ын)ым$/, '$1'], [/([бвгджзклмнпрстфхцчшщ])ом$/, '$1'], [/([бвгджзклмнпрстфхцчшщ])ой$/, '$1а'], [/([лнр])ей$/, '$1я'], [/([лнр])[её]м$/, '$1ь'], [/([жшчщ])[её]м$/, '$1']],
    prep: [[/(ск|цк)ом$/, '$1ий'], [/([бвгджзклмнпрстфхцчшщ])е$/, '$1']],
  };
  for (const [pattern, replacement] of rules[caseClass === 'obl' ? 'gen' : caseClass]) {
    // The vowel of -вец drops in the other cases ('Сергеем Кравцом', 'Кравца' → Кравец); only after в, since German
    // names in -нц, -льц ('Кунцем', 'Шульцем') have none to restore.
    if (pattern.test(surname)) return surname.replace(pattern, replacement).replace(/вц$/, 'вец');
  }
  return surname;
}

function nominativePatronymic(patronymic: string, gender: Gender): string {
  return gender === 'f'
    ? patronymic.replace(/(вн|чн)(ы|е|у|ой)$/, '$1а')
    : patronymic.replace(/(вич|ич)(а|у|ем|е)$/, '$1');
}

const PATRONYMIC = /^[А-ЯЁ][а-яё]+(вич|вича|вичу|вичем|виче|вна|вны|вне|вну|вной|ич|ича|ичу|ичем|иче|ична|ичны|ичне|ичну|ичной|кызы|оглы)$/;
/** The gender a Russian patronymic tells ('Ивановна' a woman, 'Ивановича' a man), null for 'кызы' and 'оглы'. */
function patronymicGender(patronymic: string): Gender | null {
  return /(вн|чн)(а|ы|е|у|ой)$/.test(patronymic) ? 'f' : /ич(а|у|ем|е)?$/.test(patronymic) ? 'm' : null;
}
/** The readings of a given name its patronymic allows ('Валентина Ивановна' is a woman, not Валентин's genitive). */
function readingsWith(readings: readonly FirstNameForm[], patronymic: string | null): readonly FirstNameForm[] {
  const gender = patronymic ? patronymicGender(patronymic) : null;
  const fitting = gender ? readings.filter((reading) => reading.gender === gender) : readings;
  return fitting.length ? fitting : readings;
}
/** 'Кара-оол': a Tuvan surname's second part is written in lower case. */
const RU_SURNAME = /^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+|-оол[а-яё]*)?$/;
/** 'Kara-ool': a Tuvan surname's second part is lower case in English too. */
const EN_SURNAME = /^[A-Z][a-z]+(?:-[A-Z][a-z]+|-ool)?$/;
/** Capitalised words that follow a given name without being a surname. */
const NOT_SURNAMES = new Set(
  [
    'правительство', 'правительства', 'министерство', 'департамент', 'республика', 'россия', 'россии', 'москва', 'москвы', 'президент',
    'government', 'ministry', 'department', 'region', 'republic', 'russia', 'moscow', 'president', 'council', 'agency', 'mayor',
    'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
    'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'street', 'prospekt', 'avenue',
    // English places named after a person ('the Alexander Garden', 'Nevsky Prospekt', 'Peter and Paul Fortress').
    'garden', 'gardens', 'park', 'square', 'bridge', 'embankment', 'boulevard', 'lane', 'cathedral', 'church', 'monastery',
    'palace', 'hall', 'theatre', 'theater', 'museum', 'station', 'fortress', 'gate', 'gates', 'island', 'prize', 'award',
  ].map(foldText),
);

const TITLE_RU = /^(министр|замминистр|заместител|руководител|глав[аыеуо]|губернатор|врио|мэр|председател|зампред|вице-|директор|гендиректор|генеральн|начальник|советник|помощник|президент|сенатор|депутат|ректор|уполномоченн|представител|секретар|пресс-секретар|эксперт|координатор|управляющ|спикер|первый|первого|первому|исполняющ|основател|сооснователь|член|лидер|командующ|атаман|префект|полпред|генерал)/;
const TITLE_EN = /^(minister|deputy|head|governor|mayor|chairman|chairwoman|chair|director|director-general|ceo|chief|president|vice-president|vice|advisor|adviser|aide|secretary|spokesperson|spokesman|spokeswoman|senator|ambassador|rector|commissioner|ombudsman|representative|acting|first|general|executive|prime|speaker|founder|coordinator|manager|member|envoy|prefect|expert)$/;
/** Words that end the title phrase before a name when scanning backwards. */
const ROLE_STOP = /^(заявил|отметил|сообщил|рассказал|подчеркнул|пояснил|уточнил|добавил|считает|говорит|словам|сказал|назвал|поблагодарил|поздравил|провел|провела|встретил|said|says|noted|told|stressed|added|explained|according|to|by|with|thanked|met|as)/;
/** Oblique forms of title words and their nominatives (roles are reported in the nominative). */
const TITLE_NOMINATIVE: Array<[RegExp, string]> = [
  [/^министра$|^министру$|^министром$|^министре$/, 'министр'],
  [/^заместителя$|^заместителю$|^заместителем$/, 'заместитель'],
  [/^руководителя$|^руководителю$|^руководителем$/, 'руководитель'],
  [/^главы$|^главе$|^главой$|^главу$/, 'глава'],
  [/^губернатора$|^губернатору$|^губернатором$/, 'губернатор'],
  [/^мэра$|^мэру$|^мэром$/, 'мэр'],
  [/^председателя$|^председателю$|^председателем$/, 'председатель'],
  [/^директора$|^директору$|^директором$/, 'директор'],
  [/^начальника$|^начальнику$|^начальником$/, 'начальник'],
  [/^советника$|^советнику$|^советником$/, 'советник'],
  [/^помощника$|^помощнику$|^помощником$/, 'помощник'],
  [/^президента$|^президенту$|^президентом$/, 'президент'],
  [/^ректора$|^ректору$|^ректором$/, 'ректор'],
  [/^депутата$|^депутату$|^депутатом$/, 'депутат'],
  [/^сенатора$|^сенатору$|^сенатором$/, 'сенатор'],
  [/^представителя$|^представителю$|^представителем$/, 'представитель'],
  [/^секретаря$|^секретарю$|^секретарем$/, 'секретарь'],
  [/^эксперта$|^эксперту$|^экспертом$/, 'эксперт'],
  [/^уполномоченного$|^уполномоченному$|^уполномоченным$/, 'уполномоченный'],
  [/^первого$|^первому$|^первым$/, 'первый'],
  [/^генерального$|^генеральному$|^генеральным$/, 'генеральный'],
  [/^исполнительного$|^исполнительному$|^исполнительным$/, 'исполнительный'],
  [/^вице-губернатора$|^вице-губернатору$/, 'вице-губернатор'],
  [/^вице-премьера$|^вице-премьеру$|^вице-премьером$/, 'вице-премьер'],
  [/^вице-мэра$|^вице-мэру$|^вице-мэром$/, 'вице-мэр'],
  [/^замминистра$/, 'замминистра'],
  [/^врио$/, 'врио'],
];

function titleNominative(word: string): string {
  const folded = foldText(word);
  for (const [pattern, nominative] of TITLE_NOMINATIVE) {
    if (pattern.test(folded)) return word[0] === word[0]!.toUpperCase() ? nominative[0]!.toUpperCase() + nominative.slice(1) : nominative;
  }
  return word;
}

/** Title words, and words that end a title phrase read backwards: word classes, tested once per word. */
const TITLE_WORD = defineWordClass((folded) => TITLE_RU.test(folded) || TITLE_EN.test(folded));
const ROLE_STOP_WORD = defineWordClass((folded) => ROLE_STOP.test(folded));

function isTitle(token: Token): boolean {
  return token.isWord && (token.classes & TITLE_WORD) !== 0;
}

/** A person found in the tokens. */
interface PersonSpan {
  name: string;
  surname: string;
  start: number;
  end: number;
}

/** Capitalised words of institutions' names, never a surname; regional parliaments' own names among them ('Ил Тумэн', 'Курултай', 'Народный Хурал'). */
const INSTITUTIONAL = /^(курулта|хурал|тумэн|парламент|kremlin|российск|росси|федерац|корпорац|компани|corporation|company|федеральн|республик|государствен|правительств|министерств|агентств|совет|дум[аеуы]|собрани|союз|фонд|центр|университет|институт|палат|служб|комитет|департамент|управлени|администраци|национальн|всероссийск|международн|russian|federation|federal|state|national|council|committee|service|agency|fund|cent(?:re|er)|university|institute|chamber|administration|office|duma|assembly|union|region|territory|republic|city|district|ministry|government|department|development|affairs|media|communications|economic|digital|international)/;
/** English words by their endings ('Protection', 'Technology', 'Ministers'): not a transliterated surname. */
const ENGLISH_WORD = /(tion|sion|ment|ness|ity|ities|ogy|ship|ance|ence|ism|ture|ical|ings|ers|ors|ists|ants|ents|ives|graphy)$/;
/** Words never a surname, whatever their letter case: listed ones and English titles (a word class). */
const NEVER_SURNAME_WORD = defineWordClass((word) => {
  const folded = withoutPossessive(word);
  return NOT_SURNAMES.has(folded) || NOT_NAMES.has(folded) || TITLE_EN.test(word) || TITLE_EN.test(folded.endsWith('s') ? folded.slice(0, -1) : folded);
});
/** Institutions' words and Russian titles: no surname, save right after a given name ({@link SURNAME_AFTER_NAME}). */
const TITLE_OR_BODY_WORD = defineWordClass((word) => INSTITUTIONAL.test(withoutPossessive(word)) || TITLE_RU.test(word));
/** A surname's ending on such a word ('Советников', 'Советниковой'). */
const SURNAME_AFTER_NAME = /[а-яё]{4,}(ов|ев|ин)(а|у|ым|ой|е)?$/;
/** Surname endings strong enough to name a person without a known given name ('Туйаара Илларионова', 'Путин поздравил'). */
const SURNAME_ENDING_RU = /(ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая|енко|швили|дзе|ян|янц|ук|юк|чук)$/;
const SURNAME_ENDING_EN = /(ov|ev|yov|in|yn|ova|eva|yova|ina|yna|sky|skiy|skii|skaya|tsky|tskaya|enko|shvili|dze|yan|ian|uk|yuk|chuk|vich)$/;
/** More transliterated surnames' endings, for a pair whose given name the lists lack ('Oleg Kozhemyako', 'Sholban Kara-ool'). */
const MORE_SURNAME_ENDINGS_EN = /(ko|ets|ykh|ikh|iev|yev|ool)$/;
/** An English patronymic ('Aisen Sergeevich', 'Sergey Semenovich'): an address by name and patronymic, no surname. */
const PATRONYMIC_EN = /^[A-Z][a-z]+(ovich|evich|ovna|evna|ichna)$/;
/** A transliterated surname's ending ('Smirnova', 'Kuznetsov', 'Kovalenko'): a name written surname first, not 'Dear'. */
const transliteratedSurname = (token: Token): boolean => SURNAME_ENDING_EN.test(token.folded) || MORE_SURNAME_ENDINGS_EN.test(token.folded);
/** Whether an English title stands before the word at `i`: a capitalised one right before it, or a spoken one. */
function titledEn(tokens: readonly Token[], i: number): boolean {
  return capitalTitleBefore(tokens, i) || spokenTitleEn(tokens, i);
}

/**
 * Whether a capitalised English title stands right before the word at `i`, with the place it is of between them
 * ('President of Kazakhstan Kassym-Jomart Tokayev', 'Governor Alexei Dyumin'): only capitalised words, 'of' and 'the' between.
 */
function capitalTitleBefore(tokens: readonly Token[], i: number): boolean {
  for (let k = i - 1; k >= 0 && k >= i - 6; k -= 1) {
    const token = tokens[k]!;
    if (!token.isWord || token.sentence !== tokens[i]!.sentence) return false;
    if (TITLE_EN.test(token.folded) && /^[A-Z]/.test(token.surface)) return true;
    if (!/^[A-Z]/.test(token.surface) && !/^(of|the)$/.test(token.folded)) return false;
  }
  return false;
}

/**
 * A speech verb, then a title of any length in lower case, then the name: 'told the minister of the labour and
 * the social development of the Karachay-Cherkess Republic Zaur Batchaev' (machine translation keeps the
 * Russian order); only words and hyphens between, in one sentence.
 */
function spokenTitleEn(tokens: readonly Token[], i: number): boolean {
  let titled = false;
  for (let k = i - 1; k >= 0 && k >= i - 16; k -= 1) {
    const token = tokens[k]!;
    if (token.sentence !== tokens[i]!.sentence || (!token.isWord && token.surface !== '-')) return false;
    if (TITLE_EN.test(token.folded)) titled = true;
    else if (titled && SPEECH_EN.test(token.folded)) return true;
  }
  return false;
}
/** Speech and action verbs that follow a bare surname in English ('Sokolov said'). */
/** Auxiliaries a subject's name stands before ('Lenar Safin has been appointed'). */
const AUXILIARY_EN = /^(has|had|was|will|is)$/;
const SPEECH_EN = /^(said|says|told|noted|stressed|added|explained|announced|recalled|emphasised|emphasized|underlined|reported|asked|replied|believes|thinks|proposed|suggested|pointed|signed|met|visited|congratulated|thanked)$/;

/** `word` without an English possessive ('Mishustin’s' → 'Mishustin'). */
function withoutPossessive(word: string): string {
  // As `word.replace(/['’]s$/, '')`, without a regex per token.
  const before = word.charCodeAt(word.length - 2);
  return word.charCodeAt(word.length - 1) === 0x73 && (before === 0x27 || before === 0x2019) ? word.slice(0, -2) : word;
}

/**
 * As `word === word.toUpperCase()`, answered without a copy of the word when it has a lower-case Latin or
 * Cyrillic letter (no upper-case mapping gives one back).
 */
function isUpperCase(word: string): boolean {
  for (let i = 0; i < word.length; i += 1) {
    const code = word.charCodeAt(i);
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x430 && code <= 0x44f) || code === 0x451) return false;
  }
  return word === word.toUpperCase();
}

/** A capitalised word written in capitals ('BRECHALOV') in the usual case ('Brechalov'). */
function titleCase(word: string): string {
  return word.length > 2 && isUpperCase(word) ? word[0] + word.slice(1).toLowerCase() : word;
}

/**
 * Whether a capitalised word may be a surname. Right after a given name, a word shaped like a title or
 * a body's word but ending as a surname does ('Иван Советников', not the plural of 'советник') is one.
 */
function isSurnameToken(token: Token | undefined, afterGivenName = false): boolean {
  if (!token?.isWord || !token.capitalised || token.classes & NEVER_SURNAME_WORD) return false;
  const folded = withoutPossessive(token.folded);
  if (token.classes & TITLE_OR_BODY_WORD && !(afterGivenName && SURNAME_AFTER_NAME.test(folded))) return false;
  // 'Корпорации МСП': a short word in capitals is an abbreviation (a decree's 'ОРЛОВОЙ' is longer).
  if (token.surface.length <= 4 && isUpperCase(token.surface)) return false;
  const surface = titleCase(withoutPossessive(token.surface));
  if (/^[A-Z]/.test(surface) && ENGLISH_WORD.test(folded)) return false;
  return RU_SURNAME.test(surface) || EN_SURNAME.test(surface);
}

function isInitial(tokens: readonly Token[], i: number): boolean {
  const token = tokens[i];
  // The stop right after the letter: 'группу «Б». Наибольший рост' holds no initial.
  return !!token && token.isWord && /^[А-ЯЁA-Z]$/.test(token.surface) && tokens[i + 1]?.surface === '.' && tokens[i + 1]!.start === token.end;
}

/**
 * Russian street nouns whose next words are the street's name ('улица Доваторцев', 'ул. Ленина'), not a person's
 * (English puts 'Street' after the name), and their transliterations in translated addresses ('Prospekt I. Zyazikova').
 */
const STREET_NOUN = /^(улиц[аеуы]?|улиц(?:ам|ами|ах)|ул|проспект(?:[аеу]|ы|ов|ах)?|пр-т[аеу]?|переул(?:ок|ка|ке|ки|ках)|бульвар(?:[аеу]|ы|ах)?|площад[ьи]|набережн(?:ая|ой|ую)|шоссе|ulitsa|ulitsy|prospekt|prospect|pereulok|bulvar|shosse|naberezhnaya|ploshchad)$/;
/** Street nouns abbreviated with a stop ('ул. Ленина', 'пр. И. Зязикова', 'ul. Lenina'). */
const STREET_ABBREVIATION = /^(ул|пр|просп|пер|ul|pr)$/;

/** Whether the word at `i` names a street: right after a street noun, or in a list of names after one. */
function streetNamed(tokens: readonly Token[], i: number): boolean {
  for (let k = i - 1, steps = 0; k >= 0 && steps < 10; k -= 1, steps += 1) {
    const token = tokens[k]!;
    // A line break ends the look: a headline ending in 'шоссе' makes no street of the next line's 'Сергей
    // Собянин' ('ул. Ленина' keeps its stop, which also closes a sentence).
    if (token.sentence !== tokens[k + 1]!.sentence && !/^[.!?]$/.test(token.surface)) return false;
    if (token.isWord && STREET_NOUN.test(token.folded)) return true;
    if (token.surface === '.' && STREET_ABBREVIATION.test(tokens[k - 1]?.folded ?? '')) return true;
    // An initial's stop inside the street's name ('проспект И. Зязикова').
    if (token.surface === '.' && tokens[k - 1]?.isWord && tokens[k - 1]!.surface.length === 1 && tokens[k - 1]!.capitalised) continue;
    if (!(token.surface === ',' || token.folded === 'и' || (token.isWord && token.capitalised))) return false;
  }
  return false;
}

/** Title words that only qualify another ('first deputy', 'acting governor'): alone they are no title ('first place'). */
const TITLE_MODIFIER = /^(first|general|executive|acting|prime|vice|первый|первого|первому|генеральн\S*|исполняющ\S*)$/;

/** A title word among the few tokens before `i`, in the same sentence. */
function titleNear(tokens: readonly Token[], i: number, reach = 8): boolean {
  for (let k = i - 1; k >= 0 && k >= i - reach; k -= 1) {
    const token = tokens[k]!;
    // A bracket too: 'Депутаты Государственного Собрания (Ил Тумэн)' names the assembly, not a deputy.
    if (token.sentence !== tokens[i]!.sentence || /^[.:;«»"—–()]$/.test(token.surface)) return false;
    if (isTitle(token) && !(TITLE_MODIFIER.test(token.folded) && !(tokens[k + 1] && isTitle(tokens[k + 1]!)))) return true;
  }
  return false;
}

/**
 * How well a surname fits one reading of the given name before it: 1 when its ending is that
 * case's ending for that gender ('Руппеля' after 'Александра' read as the genitive of Александр),
 * 0 when it is neutral, -1 when it cannot be ('Руппеля' as a woman's nominative).
 */
function surnameFit(surname: string, reading: FirstNameForm): number {
  const word = surname.toLowerCase();
  if (reading.caseClass === 'nom') {
    if (reading.gender === 'f') return /[бвгджзклмнпрстфхцчшщ]я$|(ого|ому|ым|ом|ую)$/.test(word) ? -1 : /(ова|ева|ёва|ина|ына|ая)$/.test(word) ? 1 : 0;
    return /(ого|ому|ым|ую|ова|ева|ина|ая)$/.test(word) ? -1 : /(ов|ев|ёв|ин|ын|ий|ый)$/.test(word) ? 1 : 0;
  }
  return nominativeSurname(surname, reading.gender, reading.caseClass) !== surname ? 1 : /(ко|их|ых|[оеиуэю])$/.test(word) ? 0 : -1;
}

/** The reading of a given name that its surname and context fit best ('вице-губернатору Евгению Елину' → Евгений, dative). */
function bestReading(readings: readonly FirstNameForm[], surname: string, tokens: readonly Token[], start: number, end: number): FirstNameForm {
  if (readings.length === 1) return readings[0]!;
  const after = tokens.slice(end, end + 3).find((token) => token.isWord && /[а-я]/.test(token.folded));
  const inverted = verbBefore(tokens, start);
  const title = titleBefore(tokens, start);
  const score = (reading: FirstNameForm): number => {
    let value = surnameFit(surname, reading) * 4;
    // A title in the same case ('губернатору', 'министра', 'глава города') and a verb of the same gender ('рассказала').
    if (title) {
      // 'глава' is the nominative and 'главе' the dative of the one title declined like a feminine noun.
      const dative = /(у|ю)$/.test(title.folded) || title.folded === 'главе';
      const genitive = /(а|я|ы)$/.test(title.folded) && title.folded !== 'глава';
      const instrumental = /(ом|ем|ой)$/.test(title.folded);
      if ((dative && reading.caseClass === 'dat') || (genitive && (reading.caseClass === 'gen' || reading.caseClass === 'obl'))) value += 2;
      if (!dative && !genitive && !instrumental && reading.caseClass === 'nom') value += 2;
    }
    if (after && /(ла)$/.test(after.folded) && reading.gender === 'f' && reading.caseClass === 'nom') value += 1;
    if (after && /[^л]л$/.test(after.folded) && reading.gender === 'm' && reading.caseClass === 'nom') value += 1;
    // The verb before a name in inverted speech ('— сказала глава поселения Валентина Жукова').
    // A verb in the present has no gender but still makes the name its subject ('», — говорит учительница из Мценска
    // Валентина Семёнова'), so the nominative.
    if (inverted && reading.caseClass === 'nom' && (inverted === 'any' || reading.gender === inverted)) value += 1;
    // With nothing else to go by, officials in the news are more often men ('Валерию Петрову').
    return value + (reading.gender === 'm' ? 0.5 : 0);
  };
  return [...readings].sort((a, b) => score(b) - score(a))[0]!;
}

/**
 * Whether a district noun closes a run of coordinated capitalised words from `from` ('Лидируют Варненский,
 * Брединский и Троицкий районы'): the word before the run is a district's adjective, not a surname.
 */
function districtAfter(tokens: readonly Token[], from: number): boolean {
  let k = from;
  while (tokens[k] && tokens[k]!.sentence === tokens[from - 1]?.sentence && (tokens[k]!.surface === ',' || tokens[k]!.folded === 'и' || (tokens[k]!.isWord && tokens[k]!.capitalised))) k += 1;
  return !!tokens[k]?.isWord && tokens[k]!.sentence === tokens[from - 1]?.sentence && /^(район|округ|улус|муниципальн)/.test(tokens[k]!.folded);
}

/**
 * The title a name stands in apposition to: right before it, or before the words in the genitive that
 * say where ('глава города Евгения Григорьева', 'министр экономики региона Анна Петрова').
 */
function titleBefore(tokens: readonly Token[], start: number): Token | undefined {
  for (let k = start - 1; k >= 0 && k >= start - 3; k -= 1) {
    const token = tokens[k]!;
    if (!token.isWord || token.sentence !== tokens[start]!.sentence) return undefined;
    if (isTitle(token)) return token;
    if (!/(а|я|ы|и|ов|ей)$/.test(token.folded)) return undefined;
  }
  return undefined;
}

/**
 * The gender of a speech verb that opens the name's clause with the name as its subject, over the
 * title between them: '», — сказала глава поселения Валентина Жукова', 'отметил министр Иван
 * Петров'; 'any' for a verb in the present ('говорит'). Null when the clause has no such verb within a few words.
 */
function verbBefore(tokens: readonly Token[], start: number): Gender | 'any' | null {
  const sentence = tokens[start]?.sentence;
  for (let k = start - 1, words = 0; k >= 0 && words < 5; k -= 1) {
    const token = tokens[k]!;
    if (token.sentence !== sentence || !token.isWord) return null;
    words += 1;
    if (token.classes & ROLE_STOP_WORD) return verbGender(token) ?? (/(ит|ет|ят|ут|ют)$/.test(token.folded) ? 'any' : null);
  }
  return null;
}

/**
 * 'школа имени А. И. Прошлякова', 'named after Marshal A. I. Proshlyakov': a namesake, not a person in the news;
 * so is a name right after an order's or a medal's noun ('Орденом Салавата Юлаева', 'the Order of Alexander Nevsky').
 */
function namedAfter(tokens: readonly Token[], start: number): boolean {
  const award = tokens[start - 1]?.folded === 'of' ? tokens[start - 2] : tokens[start - 1];
  if (award?.isWord && award.sentence === tokens[start]?.sentence && AWARD_NOUN.test(award.folded)) return true;
  // A saint's title: the name is a church's, a feast's or an icon's ('собор во имя святителя Николая Чудотворца').
  const title = tokens[start - 1]?.surface === '.' ? tokens[start - 2] : tokens[start - 1];
  if (title?.isWord && SAINT_TITLE.test(title.folded) && (title === tokens[start - 1] || title.folded === 'st')) return true;
  for (let k = start - 1; k >= 0 && k >= start - 8; k -= 1) {
    const folded = tokens[k]!.folded;
    // 'школы имени А. Н. Островского города Кинешмы Екатерина Смирнова': an initialled name between
    // 'имени' and this one is the name it gives ('named after Marshal … A. I. Proshlyakov' has none).
    if (tokens[k]!.isWord && tokens[k]!.surface.length > 1 && tokens[k - 1]?.surface === '.' && /^\p{Lu}$/u.test(tokens[k - 2]?.surface ?? '')) return false;
    // 'от имени губернатора' is 'on behalf of': that person is in the news.
    // 'им.' is the abbreviation; 'Им стал Игорь Петров' is the pronoun.
    if ((folded === 'имени' || (folded === 'им' && tokens[k + 1]?.surface === '.')) && tokens[k - 1]?.folded !== 'от') return true;
    if (folded === 'after' && tokens[k - 1]?.folded === 'named') return true;
    if (!tokens[k]!.isWord && tokens[k]!.surface !== '.') return false;
  }
  return false;
}

/** A saint's title ('святителя', 'преподобного', 'St.'), which makes the name after it a saint's. */
const SAINT_TITLE = /^(?:свят(?:ой|ого|ому|ым|ом|ая|ую|ые|ых|итель|ителя|ителю|ителем)|преподобн[а-я]+|благоверн[а-я]+|великомучени[кц][а-я]*|равноапостольн[а-я]+|священномученик[а-я]*|апостола|пророка|saint|st)$/;

/** An order's or a medal's noun, which a person's name after it makes the award's name. */
const AWARD_NOUN = /^(?:орден[аеуы]?|орденом|орденов|медал[ьияюейм]|медалью|медалям[и]?|order|medal)$/;

/** Headline labels and bodies' names shaped like a surname without its ending ('Итог:', 'Росстат:', 'Чувашстат:'). */
const NOT_SPEAKERS = /^(итог|анонс|репортаж|эксклюзив|прогноз|рейтинг|конкурс|проект|опрос|доклад|комментари|рос|мин|гос|федер)|(стат|надзор|банк|строй|пром|тех|ком|газ|транс|фонд|центр)$/;

/**
 * A speaker opening a headline with a colon whose surname has no surname's ending ('Текслер: регион
 * увеличит …', 'Sobyanin: Moscow will …'). A Russian one ends in a consonant (so 'Внимание:', 'Итоги:' do not),
 * is written again in the text, capitalised, in any case (`placed`) and has a clause after it; an English one
 * needs a Russian surname's ending.
 */
function bareSpeaker(token: Token, placed: boolean, next: Token | undefined): boolean {
  if (!isSurnameToken(token) || NOT_SPEAKERS.test(token.folded)) return false;
  if (/^[a-z]/.test(token.folded)) return SURNAME_ENDING_EN.test(withoutPossessive(token.folded));
  // A clause follows ('Текслер: челябинцы выберут …'), not a list's name ('Доклад: Силуанов А.Г.').
  return placed && token.folded.length >= 4 && /[бвгджзклмнпрстфхцчшщ]$/.test(token.folded) && !!next && !next.capitalised;
}

/** Nouns shaped like a past verb ('кинозал', 'финал', 'пастила', 'школа'; 'сказал', 'рассказал' are verbs). */
const NOT_VERBS = /((?<!ка)зал|канал|журнал|финал|портал|сигнал|квартал|капитал|материал|мемориал|персонал|потенциал|сериал|терминал|генерал|идеал|арсенал|пьедестал|интервал|оригинал|минерал|пастила|сила|школа|дела|села|стела|могила)$/;

/** The gender a past-tense verb shows: 'поздравил' m, 'отметила' f; null for anything else. */
function pastTenseGender(folded: string): Gender | null {
  if (!/^[а-яё-]+$/.test(folded) || folded.length < 4 || NOT_VERBS.test(folded)) return null;
  if (/[аеиоуыяю]ла(сь)?$/.test(folded)) return 'f';
  if (/[аеиоуыяю]л(ся)?$/.test(folded)) return 'm';
  return null;
}
const FEMININE_VERB = defineWordClass((folded) => pastTenseGender(folded) === 'f');
const MASCULINE_VERB = defineWordClass((folded) => pastTenseGender(folded) === 'm');

/** The gender a token's past-tense verb shows (see pastTenseGender), from its word classes. */
function verbGender(token: Token | undefined): Gender | null {
  if (!token?.isWord) return null;
  return token.classes & FEMININE_VERB ? 'f' : token.classes & MASCULINE_VERB ? 'm' : null;
}

/**
 * A given name the lists lack and its surname, in the nominative when the pair's endings agree on an
 * oblique case that cannot be read otherwise: a man's dative ('Ратмиру Мавлиеву' → Ратмир Мавлиев)
 * or instrumental ('Ратмиром Мавлиевым'), a woman's instrumental, dative or genitive ('Алсу
 * Хабировой' leaves the given name as it is). A pair in -ова / -а is left alone: 'Каринэ Хабирова'
 * is a woman's nominative as often as a man's genitive.
 */
/** A title in the genitive among the four words before `i`, in its sentence ('Указом Главы Республики Калмыкия …'). */
function genitiveTitleBefore(tokens: readonly Token[], i: number): boolean {
  for (let k = i - 1, words = 0; k >= 0 && words < 4 && tokens[k]!.sentence === tokens[i]!.sentence; k -= 1) {
    if (!tokens[k]!.isWord) continue;
    words += 1;
    // A title in the genitive or accusative, or 'по словам' / 'по мнению' (which take the genitive).
    if (/^(главы|главу|губернатора|министра|мэра|председателя|заместителя|руководителя|директора|начальника|президента|полпреда|словам|мнению)$/.test(tokens[k]!.folded)) return true;
  }
  return false;
}

/**
 * A title in the dative among the six words before `i`, in its sentence ('Губернатору Кировской области', 'главам
 * Урванского и Терского районов'): a surname in -ову after it is a man's dative (a woman's would be -овой).
 */
function dativeTitleBefore(tokens: readonly Token[], i: number): boolean {
  for (let k = i - 1, words = 0; k >= 0 && words < 6 && tokens[k]!.sentence === tokens[i]!.sentence; k -= 1) {
    if (!tokens[k]!.isWord) continue;
    words += 1;
    if (/^(главе|главам|губернатору|губернаторам|министру|министрам|мэру|мэрам|председателю|заместителю|руководителю|руководителям|директору|начальнику|президенту|полпреду)$/.test(tokens[k]!.folded)) return true;
  }
  return false;
}

/**
 * A surname after (or before) initials back in the nominative where its ending tells the case and
 * gender alone ('Е.В. Яковлевой' → Яковлева, 'Кузнецовым В.А.' → Кузнецов), or after a title in the
 * genitive or accusative ('главу Анадыря Л.Н. Николаева' → Николаев: a woman's would be -ову).
 */
function initialledNominative(surname: string, genitiveTitle: boolean, dativeTitle = false): string {
  if (dativeTitle && /(ов|ев|ёв|ин|ын)у$/.test(surname)) return surname.slice(0, -1);
  if (/(ов|ев|ёв|ин|ын)ой$/.test(surname)) return `${surname.slice(0, -2)}а`;
  if (/(ск|цк)(ой|ую)$/.test(surname)) return `${surname.slice(0, -2)}ая`;
  if (/(ов|ев|ёв|ин|ын)ым$/.test(surname)) return surname.slice(0, -2);
  if (/(ск|цк)(ого|ому)$/.test(surname)) return `${surname.slice(0, -3)}ий`;
  if (/(ск|цк)им$/.test(surname)) return `${surname.slice(0, -2)}ий`;
  if (genitiveTitle && /(ов|ев|ёв|ин|ын)а$/.test(surname)) return surname.slice(0, -1);
  return surname;
}

function unknownPairNominative(first: string, surname: string, genitiveTitle = false, dativeTitle = false): { first: string; surname: string } {
  // After a title in the dative -ову is a man's dative whatever his given name ends in ('главам районов Хасанби Кушхову').
  if (dativeTitle && /(ов|ев|ёв|ин|ын)у$/.test(surname)) return { first: /[бвгджзклмнпрстфхцчшщ]у$/.test(first) ? first.slice(0, -1) : first, surname: surname.slice(0, -1) };
  // After a title in the genitive ('Указом Главы Республики Калмыкия Бату Хасикова') -ова is a man's
  // genitive: a woman's would be -овой.
  if (genitiveTitle && /(ов|ев|ёв|ин|ын)а$/.test(surname)) {
    const nominative = /[бвгджзклмнпрстфхцчшщ]а$/.test(first) ? first.slice(0, -1) : /ия$/.test(first) ? `${first.slice(0, -1)}й` : first;
    return { first: nominative, surname: surname.slice(0, -1) };
  }
  if (/(ов|ев|ёв|ин|ын)у$/.test(surname) && /[бвгджзклмнпрстфхцчшщ]у$/.test(first)) return { first: first.slice(0, -1), surname: surname.slice(0, -1) };
  // -овым is a man's instrumental whatever the given name does (a woman's would be -овой): 'с Хасанби Кушховым'.
  if (/(ов|ев|ёв|ин|ын)ым$/.test(surname)) return { first: /[бвгджзклмнпрстфхцчшщ]ом$/.test(first) ? first.slice(0, -2) : first, surname: surname.slice(0, -2) };
  if (/(ов|ев|ёв|ин|ын)ой$/.test(surname)) return { first, surname: `${surname.slice(0, -2)}а` };
  // Both words declined as nouns of a man's name, in the instrumental or the prepositional ('с Саяном Сатом',
  // 'при Шолбане Кара-ооле'): a woman's given name in -а would end in -ой / -е with a surname that does not.
  for (const ending of ['ом', 'е']) {
    const shape = new RegExp(`[бвгджзклмнпрстфхцчшщ]${ending}$`);
    if (shape.test(first) && shape.test(surname) && !/(ск|цк)ом$/.test(surname)) return { first: first.slice(0, -ending.length), surname: surname.slice(0, -ending.length) };
  }
  return { first, surname };
}

/**
 * Finds people: given name (+ patronymic) + surname, surname + given name + patronymic, initials +
 * surname, an unknown given name + a surname-shaped word, and a surname alone when a verb of its
 * gender or a speech verb follows it ('Путин поздравил', 'Sokolov said'). `lowerWords` are the words
 * the text writes in lower case: a word it also writes so is an ordinary word, not a surname.
 */
function findSpans(tokens: readonly Token[], blocked: ReadonlySet<number>, lowerWords: ReadonlySet<string>, clean: string): PersonSpan[] {
  const spans: PersonSpan[] = [];
  const ordinary = (token: Token | undefined): boolean => !token || lowerWords.has(withoutPossessive(token.folded)) || NOT_NAMES.has(token.folded);
  /** A surname right after initials, on their line and not itself followed by initials: the initials are its. */
  const initialsBelongAfter = (k: number): boolean =>
    isSurnameToken(tokens[k]) && !ordinary(tokens[k]) && tokens[k]!.start - tokens[k - 1]!.end <= 1 && !isInitial(tokens, k + 1);
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (!token.isWord || !token.capitalised || blocked.has(i)) continue;
    // 'улица Доваторцев', 'ул. Ленина', 'на улицах Татищева, Боевой и Николая Островского': streets' names,
    // though named after people.
    // 'Улица Королёва отремонтирована': a street noun opening a sentence is no given name.
    if (streetNamed(tokens, i) || STREET_NOUN.test(token.folded)) continue;
    // 'Орденом Александра Невского', 'медалями Луки Крымского', 'премии Кандинского': an award's name.
    if (/^(орден|медал|преми|стипенди)/.test(tokens[i - 1]?.folded ?? '')) continue;
    const readings = firstNames.get(token.folded);
    const en = !readings && englishFirstNames.has(token.folded) && /^[A-Z]/.test(token.surface);
    if ((readings || en) && !namedAfter(tokens, i)) {
      let j = i + 1;
      let patronymicToken: number | null = null;
      if (readings && tokens[j] && PATRONYMIC.test(tokens[j]!.surface)) {
        patronymicToken = j;
        j += 1;
      }
      if (en && PATRONYMIC_EN.test(tokens[j]?.surface ?? '')) {
        // 'Aisen Sergeevich': an address with no surname, unless one follows.
        if (!isSurnameToken(tokens[j + 1])) {
          // 'Smirnova Olga Nikolaevna': a machine translation keeps an official list's order, the surname first.
          const before = tokens[i - 1];
          if (before && before.sentence === token.sentence && isSurnameToken(before) && transliteratedSurname(before) && !ordinary(before) && !blocked.has(i - 1) && !spans.some((span) => span.end > i - 1)) {
            const surname = titleCase(before.surface);
            spans.push({ name: `${token.surface} ${tokens[j]!.surface} ${surname}`, surname, start: i - 1, end: j + 1 });
          }
          i = j;
          continue;
        }
        j += 1;
      }
      if (en && isInitial(tokens, j)) j += 2;
      if (isSurnameToken(tokens[j], !!readings) && !blocked.has(j) && !firstNames.has(tokens[j]!.folded)) {
        const raw = titleCase(withoutPossessive(tokens[j]!.surface));
        const best = readings ? bestReading(readingsWith(readings, patronymicToken === null ? null : tokens[patronymicToken]!.surface), raw, tokens, i, j + 1) : null;
        // 'По словам Раиса Минниханова': right after 'по словам', which takes the genitive, a woman's nominative
        // in -а is a man's given name the lists lack, in the genitive, and so is his surname.
        const manGenitive = best?.gender === 'f' && best.caseClass === 'nom' && /[бвгджзклмнпрстфхцчшщ]а$/.test(token.folded) && /(ов|ев|ёв|ин|ын)а$/.test(raw) && /^(словам|мнению)$/.test(tokens[i - 1]?.folded ?? '') && tokens[i - 2]?.folded === 'по';
        const reading = manGenitive ? null : best;
        const surname = reading ? nominativeSurname(raw, reading.gender, reading.caseClass) : manGenitive ? raw.slice(0, -1) : raw;
        const first = reading ? reading.nominative : manGenitive ? token.surface.slice(0, -1) : token.surface;
        const patronymic = reading && patronymicToken !== null ? nominativePatronymic(tokens[patronymicToken]!.surface, reading.gender) : null;
        spans.push({ name: [first, patronymic, surname].filter(Boolean).join(' '), surname, start: i, end: j + 1 });
        i = j;
        continue;
      }
      // 'Багреева Мария Николаевна': surname first, as in official lists.
      // Not an adverb opening the sentence ('Отдельно Антон Германович остановился …').
      if (readings && patronymicToken !== null && isSurnameToken(tokens[i - 1]) && !ordinary(tokens[i - 1]) && !spans.some((span) => span.end > i - 1) && !(/но$/.test(tokens[i - 1]!.folded) && tokens[i - 2]?.sentence !== tokens[i - 1]!.sentence)) {
        // A decree writes the surname in capitals ('ОРЛОВОЙ Наталье Сергеевне').
        const raw = titleCase(tokens[i - 1]!.surface);
        const reading = bestReading(readingsWith(readings, tokens[patronymicToken]!.surface), raw, tokens, i - 1, j);
        // 'Поздравляем Варвару Николаевну': a word whose ending fits no surname of that case is no surname.
        if (surnameFit(raw, reading) < 0) continue;
        const surname = nominativeSurname(raw, reading.gender, reading.caseClass);
        spans.push({ name: `${reading.nominative} ${nominativePatronymic(tokens[patronymicToken]!.surface, reading.gender)} ${surname}`, surname, start: i - 1, end: j });
        i = j - 1;
      }
      continue;
    }
    const next = tokens[i + 1];
    const previous = tokens[i - 1];
    const runBefore = previous?.isWord && previous.capitalised && !isTitle(previous) && !blocked.has(i - 1) && previous.sentence === token.sentence;
    // The second of two names joined by 'и' shares the first one's title ('главам … Хасанби Кушхову и Ауесу Дышекову').
    const coordinated = previous?.folded === 'и' && spans.at(-1)?.end === i - 1;
    const pairAllowed =
      isSurnameToken(token) &&
      isSurnameToken(next) &&
      !blocked.has(i + 1) &&
      !(tokens[i + 2]?.isWord && tokens[i + 2]!.capitalised) &&
      // After 'и' only when a name ends right before it ('Хасанби Кушхову и Ауесу Дышекову').
      !(/^(of|for|and|the|a|an|и|по|при|для)$/.test(previous?.folded ?? '') && !coordinated) &&
      // One sentence: 'Главная / Новости' over a headline 'Чайковский — призёр …' is no name.
      next!.sentence === token.sentence &&
      // Only spaces between them: 'Медаль «Материнская слава»' opens a name in quotes; nor right after an
      // opening quote: 'фонда «Защитники Отечества»' is a name.
      /^[ \u00a0]+$/.test(clean.slice(token.end, next!.start)) &&
      !/[«"“„]\s*$/.test(clean.slice(Math.max(0, token.start - 2), token.start)) &&
      !namedAfter(tokens, i);
    // A given name missing from the list, after a title: 'министр Максут Шадаев', 'Minister … Maksut Shadaev'.
    // The last two of a run of capitalised words: 'Mass Media Maksut Shadaev' is not 'Mass Media'.
    // Or with a surname's ending and a first word the text never writes in lower case ('Каринэ Хабирова').
    // 'регионов Дальнего Востока': a first word shaped like an adjective is no given name.
    if (
      pairAllowed &&
      !/(ий|ый|ая|ое|ой|ые|ых|ие|их|ого|его|ому|ему|ую|юю)$/.test(token.folded) &&
      // A first word in -ом / -ем is a name's instrumental only with a surname in the instrumental
      // ('Ратмиром Мавлиевым'); else an adjective ('на «Проектном Олимпе»').
      !(/(ом|ем)$/.test(token.folded) && !/(ым|им|ом|ем)$/.test(next!.folded)) &&
      // A long title reaches further when a verb makes the pair its subject ('Министр по делам гражданской
      // обороны и чрезвычайным ситуациям республики Айдыс Монгуш доложил').
      // In Latin script only a surname-shaped second word: 'Head … Nizhny Novgorod Tourist Card', 'Committee on
      // Labour, Social Policy' and 'inspects Ufa's Eastern Exit' are a title's neighbours in capitals, no names.
      ((!runBefore && (titleNear(tokens, i, verbGender(tokens[i + 2]) === null ? 8 : 12) || coordinated) && (/[а-яё]/.test(token.folded) || SURNAME_ENDING_EN.test(next!.folded) || MORE_SURNAME_ENDINGS_EN.test(next!.folded))) ||
        (/[а-яё]/.test(token.folded) &&
          // Or a man's pair in the instrumental, with no title near ('разговаривали с Ратмиром Мавлиевым').
          (SURNAME_ENDING_RU.test(next!.folded) || (/[бвгджзклмнпрстфхцчшщ](ом|ем)$/.test(token.folded) && /(ов|ев|ёв|ин|ын)ым$/.test(next!.folded))) &&
          !ordinary(token) &&
          !ordinary(next) &&
          verbGender(token) === null &&
          !/(ий|ый|ая|ое|ой|ые|ых|ого|ому|ую)$/.test(token.folded) &&
          // 'Новосибирский государственный университет': an adjective phrase, not a surname.
          !(tokens[i + 2]?.isWord && !tokens[i + 2]!.capitalised && /(ий|ый|ая|ое|ой|ые|ых|ого|ому|ую|ым|ом)$/.test(tokens[i + 2]!.folded)) &&
          !districtAfter(tokens, i + 2)))
    ) {
      const pair = unknownPairNominative(token.surface, next!.surface, genitiveTitleBefore(tokens, i), dativeTitleBefore(tokens, i));
      spans.push({ name: `${pair.first} ${pair.surname}`, surname: pair.surname, start: i, end: i + 2 });
      i += 1;
      continue;
    }
    // An English pair whose given name the lists lack, shaped as a transliterated Russian or Tatar name and
    // placed as a speaker: 'said Ilnar Faizullin', 'Aigul Khabirova, head of …'.
    if (
      pairAllowed &&
      // 'Makhmud-Ali Kalimatov': a double given name too.
      /^[A-Z][a-z]+(?:-[A-Z][a-z]+)?$/.test(token.surface) &&
      /^[A-Z][a-z]+$/.test(next!.surface) &&
      // A foreign name of any shape when a capitalised title stands right before it and the name ends the
      // clause ('President of the Republic of Tajikistan Emomali Rahmon.').
      (SURNAME_ENDING_EN.test(next!.folded) || (!tokens[i + 2]?.isWord && capitalTitleBefore(tokens, i))) &&
      !ordinary(token) &&
      !ordinary(next) &&
      ![token, next!].some((word) => INSTITUTIONAL.test(word.folded) || ENGLISH_WORD.test(word.folded)) &&
      // A speaker's name ends its clause ('said Ilnar Faizullin.' / ', head of …'); 'said Grand Kremlin tours' runs on.
      // 'Lenar Safin has been appointed', 'replaces Ilshat Gafurov, who headed …'
      ((AUXILIARY_EN.test(tokens[i + 2]?.folded ?? '') && !previous?.isWord) ||
        (!tokens[i + 2]?.isWord &&
          (SPEECH_EN.test(previous?.folded ?? '') || titledEn(tokens, i) || (tokens[i + 2]?.surface === ',' && (TITLE_EN.test(tokens[i + 3]?.folded ?? '') || tokens[i + 3]?.folded === 'who')))))
    ) {
      spans.push({ name: `${token.surface} ${next!.surface}`, surname: next!.surface, start: i, end: i + 2 });
      i += 1;
      continue;
    }
    // 'Mr Sobyanin', 'Ms. Bagreeva'
    if (/^(mr|ms|mrs|dr)$/.test(token.folded)) {
      const j = tokens[i + 1]?.surface === '.' ? i + 2 : i + 1;
      if (isSurnameToken(tokens[j]) && !blocked.has(j) && !englishFirstNames.has(tokens[j]!.folded)) {
        const surname = withoutPossessive(tokens[j]!.surface);
        spans.push({ name: surname, surname, start: i, end: j + 1 });
        i = j;
        continue;
      }
    }
    // 'М. Н. Багреева', 'М.Н. Багреева'
    if (isInitial(tokens, i)) {
      let j = i + 2;
      if (isInitial(tokens, j)) j += 2;
      // The initials and the surname on one line, the surname no ordinary word ('«Д».\nВместе …').
      if (isSurnameToken(tokens[j]) && tokens[j]!.surface.length > 2 && !ordinary(tokens[j]) && tokens[j]!.sentence - tokens[i]!.sentence <= (j - i) / 2 && !namedAfter(tokens, i)) {
        const initials = tokens.slice(i, j).map((t) => t.surface).join('').replace(/\./g, '. ').trim();
        const surname = initialledNominative(tokens[j]!.surface, genitiveTitleBefore(tokens, i), dativeTitleBefore(tokens, i));
        spans.push({ name: `${initials} ${surname}`, surname, start: i, end: j + 1 });
        i = j;
      }
      continue;
    }
    // 'Ответственный: Мишустин М.В.': a surname before two initials, as in lists of instructions; unless a verb
    // stands before them and a surname follows them ('Подписал М.Н. Багреева': the initials are hers).
    if (/[а-яё]/.test(token.folded) && isSurnameToken(token) && !ordinary(token) && !blocked.has(i) && !isTitle(token) && isInitial(tokens, i + 1) && isInitial(tokens, i + 3) && tokens[i + 1]!.sentence === token.sentence && !namedAfter(tokens, i) && !(/(?:ал|ил|ел|ял|ыл|ла|ли|ло|ет|ит|ут|ют|ят)$/.test(token.folded) && initialsBelongAfter(i + 5))) {
      const initials = tokens.slice(i + 1, i + 5).map((t) => t.surface).join('').replace(/\./g, '. ').trim();
      const surname = initialledNominative(token.surface, genitiveTitleBefore(tokens, i), dativeTitleBefore(tokens, i));
      spans.push({ name: `${initials} ${surname}`, surname, start: i, end: i + 5 });
      i += 4;
      continue;
    }
    // The same in a machine translation ('The head of the district Rodionov A.V. congratulated'): a Russian surname's
    // Latin shape before two initials.
    if (/^[a-z]/.test(token.folded) && transliteratedSurname(token) && isSurnameToken(token) && !ordinary(token) && !blocked.has(i) && isInitial(tokens, i + 1) && isInitial(tokens, i + 3) && tokens[i + 1]!.sentence === token.sentence && !namedAfter(tokens, i)) {
      const initials = tokens.slice(i + 1, i + 5).map((t) => t.surface).join('').replace(/\./g, '. ').trim();
      spans.push({ name: `${initials} ${token.surface}`, surname: token.surface, start: i, end: i + 5 });
      i += 4;
      continue;
    }
    // A surname alone: 'Путин поздравил регионы', 'Sokolov said'.
    const after = tokens[i + 1];
    if ((verbGender(after) !== null || SPEECH_EN.test(after?.folded ?? '')) && isSurnameToken(token) && !ordinary(token) && !blocked.has(i)) {
      const surface = withoutPossessive(token.surface);
      const feminine = /(а|ая)$/.test(token.folded);
      // 'Лауреатов наградил Председатель Правительства': a title in the nominative after the verb is its subject.
      const inverted = /^(председатель|губернатор|министр|мэр|глава|президент|премьер|руководитель|директор|заместитель)$/.test(tokens[i + 2]?.folded ?? '');
      // Not after a preposition: 'Проект из Хибин вошёл' is a place's genitive, no subject.
      const governed = !!tokens[i - 1]?.isWord && /^(в|во|на|из|изо|от|до|с|со|к|ко|у|о|об|по|за|под|над|при|для|без|через|около|возле)$/.test(tokens[i - 1]!.folded);
      const ru = /[а-яё]/.test(token.folded) && SURNAME_ENDING_RU.test(token.folded) && !after?.capitalised && verbGender(after) === (feminine ? 'f' : 'm') && !inverted && !governed;
      const english = /^[A-Z][a-z]/.test(surface) && SURNAME_ENDING_EN.test(surface.toLowerCase()) && SPEECH_EN.test(after?.folded ?? '');
      if (ru || english) spans.push({ name: surface, surname: surface, start: i, end: i + 1 });
      continue;
    }
    // A headline's speaker: 'Клычков: по нацпроекту отремонтировано 90 км', 'Орёл — Комарова: …' (one word
    // before the dash, as a dateline; not a chain 'Рузаевка – Саранск – Ардатов:'); words follow, not a count
    // ('Просмотров: 934').
    const opens = opensAfter(tokens, i - 1) || (!!previous && /^[—–-]$/.test(previous.surface) && !!tokens[i - 2]?.isWord && opensAfter(tokens, i - 3));
    const speaker = after?.surface === ':' && opens && !!tokens[i + 2]?.isWord && !/^\d/.test(tokens[i + 2]!.surface) && !ordinary(token) && !blocked.has(i) && !isTitle(token);
    // A surname without a surname's ending must be written again, capitalised, in any case ('Текслер: …' and
    // 'Алексей Текслер сообщил'): a headline's topic label ('Паводок: в Благовещенске …') is not.
    // Capitalised inside a sentence, or opening one as a speaker again (a repeated headline) or as a verb's subject
    // ('Шмидтлер добавил'): a headline opening with the same word ('Паводок, ремонт дорог …') is no second mention.
    const writtenAgain = (): boolean =>
      tokens.some((other, j) => j !== i && other.isWord && other.capitalised && other.folded.startsWith(token.folded) && ((j > 0 && tokens[j - 1]!.sentence === other.sentence) || tokens[j + 1]?.surface === ':' || verbGender(tokens[j + 1]) !== null));
    if (speaker && (SURNAME_ENDING_RU.test(token.folded) || bareSpeaker(token, writtenAgain(), tokens[i + 2]))) {
      spans.push({ name: withoutPossessive(token.surface), surname: withoutPossessive(token.surface), start: i, end: i + 1 });
      continue;
    }
    if (!/[а-яё]/.test(token.folded) || !SURNAME_ENDING_RU.test(token.folded) || ordinary(token) || blocked.has(i) || isTitle(token)) continue;
    // Two surnames and a plural verb: 'Куйвашев и Шумков подписали соглашение'.
    const second = tokens[i + 2];
    if (after?.folded === 'и' && second?.isWord && second.capitalised && /[а-яё]/.test(second.folded) && SURNAME_ENDING_RU.test(second.folded) && !ordinary(second) && !blocked.has(i + 2) && /[аеиоуыяю]ли(сь)?$/.test(tokens[i + 3]?.folded ?? '') && opens) {
      spans.push({ name: token.surface, surname: token.surface, start: i, end: i + 1 }, { name: second.surface, surname: second.surface, start: i + 2, end: i + 3 });
      i += 2;
    }
  }
  return spans;
}

/** Whether a sentence starts after token `k`: the text's start, a line break or a stop (a module function: a closure per token costs more). */
function opensAfter(tokens: readonly Token[], k: number): boolean {
  return k < 0 || tokens[k]!.sentence !== tokens[k + 1]!.sentence || /^[.!?]$/.test(tokens[k]!.surface);
}

/** Title phrase before a name ('министр Правительства Москвы, руководитель Департамента …'). */
function roleBefore(tokens: readonly Token[], span: PersonSpan, previousEnd: number, clean: string): string | null {
  const sentence = tokens[span.start]!.sentence;
  let k = span.start - 1;
  let first = -1;
  while (k >= previousEnd && k >= span.start - 30) {
    const token = tokens[k]!;
    if (token.sentence !== sentence || /^[:;()«»"—–]$/.test(token.surface) || token.classes & ROLE_STOP_WORD) break;
    if (isTitle(token)) first = k;
    k -= 1;
  }
  if (first < 0) return null;
  return cleanRole(clean.slice(tokens[first]!.start, tokens[span.start - 1]!.end));
}

/** Appositive titles after a name ('Мария Багреева, министр Правительства Москвы, отметила'). */
function roleAfter(tokens: readonly Token[], span: PersonSpan, clean: string): string | null {
  if (tokens[span.end]?.surface !== ',' || !tokens[span.end + 1] || !isTitle(tokens[span.end + 1]!)) return null;
  const sentence = tokens[span.end]!.sentence;
  const startToken = span.end + 1;
  let k = startToken;
  let last = startToken;
  while (k < tokens.length && k < startToken + 30) {
    const token = tokens[k]!;
    if (token.sentence !== sentence || /^[:;()«»"—–.]$/.test(token.surface)) break;
    if (token.surface === ',') {
      if (!tokens[k + 1] || !isTitle(tokens[k + 1]!)) break;
    } else last = k;
    k += 1;
  }
  return cleanRole(clean.slice(tokens[startToken]!.start, tokens[last]!.end));
}

function cleanRole(role: string): string | null {
  const parts = role
    .split(/\s*,\s*/)
    .map((part) => part.replace(/^(the|a|an)\s+/i, '').trim())
    .filter(Boolean)
    .map((part) => {
      const words = part.split(' ');
      // Only the leading title words take the nominative; the rest ('Правительства Москвы') is a genitive tail.
      for (let w = 0; w < words.length && w < 3; w += 1) {
        const nominative = titleNominative(words[w]!);
        if (nominative === words[w] && w > 0) break;
        words[w] = nominative;
      }
      return words.join(' ');
    });
  const result = parts.join(', ').replace(/\s+/g, ' ').trim();
  return result.length >= 3 && result.length <= 250 ? result : null;
}

/**
 * People named in the tokens, once per surname, with the role their title gives; `spans` are the
 * token ranges of every mention. `blocked` holds the tokens of regions and organisations, which
 * are not names.
 */
export function findPeople(tokens: readonly Token[], clean: string, blocked: ReadonlySet<number>): { people: PersonMention[]; spans: Array<{ start: number; end: number }> } {
  const lowerWords = new Set<string>();
  for (const token of tokens) if (token.isWord && !token.capitalised) lowerWords.add(token.folded);
  // A name that is all of a quoted name ('хоккейного клуба «Салават Юлаев»') names a club, a ship or a prize;
  // one right after an order's or a medal's noun names the award, whichever path found it.
  const quotedName = (span: { start: number; end: number }): boolean => /[«"“]/.test(clean[tokens[span.start]!.start - 1] ?? '') && /[»"”]/.test(clean[tokens[span.end - 1]!.end] ?? '');
  const spans = findSpans(tokens, blocked, lowerWords, clean).filter((span) => !namedAfter(tokens, span.start) && !quotedName(span));
  // A pair whose given name the lists lack, both words in a man's oblique case, whose surname the text also
  // writes in the nominative ('кандидатуру Абдулмуслима Абдулмуслимова … Абдулмуслимов руководил'): that man.
  const nominatives = new Set(spans.map((span) => foldText(span.surname)).filter((surname) => /(ов|ев|ёв|ин|ын)$/.test(surname)));
  for (const span of spans) {
    const [first, ...rest] = span.name.split(' ');
    if (rest.length !== 1 || firstNames.has(foldText(first!))) continue;
    const ending = /(а|у|ым|ом)$/.exec(foldText(span.surname))?.[1];
    const stem = ending ? foldText(span.surname).slice(0, -ending.length) : '';
    if (!ending || !nominatives.has(stem) || !/[бвгджзклмнпрстфхцчшщ](а|у|ом)$/.test(foldText(first!))) continue;
    span.surname = span.surname.slice(0, -ending.length);
    span.name = `${first!.replace(/(а|у|ом)$/, '')} ${span.surname}`;
  }
  // The same words read as written (a nominative) somewhere are that person everywhere: 'Валентина Ковалёва
  // стала победителем' decides 'Валентина Ковалёва двенадцать лет возглавляет', where nothing else does and
  // a man in the genitive ('Валентин Ковалёв') would otherwise be read.
  const surfaceOf = (span: PersonSpan): string => tokens.slice(span.start, span.end).filter((token) => token.isWord).map((token) => token.surface).join(' ');
  const asWritten = new Map<string, PersonSpan>();
  for (const span of spans) if (span.name === surfaceOf(span)) asWritten.set(span.name, span);
  for (const span of spans) {
    const same = asWritten.get(surfaceOf(span));
    if (same && same !== span) {
      span.name = same.name;
      span.surname = same.surname;
    }
  }
  // A surname with a fleeting vowel read in an oblique case ('интервью Анатолия Локтя') is the one the text
  // writes in the nominative with the same given name ('Анатолий Локоть').
  // Each span's shape is read once, not once per pair: a long page names the same people a hundred times.
  const shapes = new Map<PersonSpan, { first: string; words: number; fleeting: string | null }>();
  const shapeOf = (span: PersonSpan): { first: string; words: number; fleeting: string | null } => {
    let shape = shapes.get(span);
    if (!shape) {
      const words = span.name.split(' ');
      const fleeting = /^(.+)[оеё]([бвгджзклмнпрстфхцчшщ])[ьй]?$/.exec(foldText(span.surname));
      shape = { first: words[0]!, words: words.length, fleeting: fleeting ? fleeting[1]! + fleeting[2]! : null };
      shapes.set(span, shape);
    }
    return shape;
  };
  for (const span of spans) {
    const oblique = /^(.+?)(а|я|у|ю|ом|ем|е)$/.exec(foldText(span.surname));
    if (!oblique) continue;
    const own = shapeOf(span);
    const nominative = spans.find((other) => {
      if (other === span) return false;
      const shape = shapeOf(other);
      return shape.first === own.first && shape.words === own.words && shape.fleeting === oblique[1];
    });
    if (nominative) {
      span.name = nominative.name;
      span.surname = nominative.surname;
      shapes.delete(span);
    }
  }
  const bySurname = new Map<string, PersonMention>();
  spans.forEach((span, index) => {
    const key = foldText(span.surname);
    const known = bySurname.get(key);
    // A person's first role found is theirs: a later mention's is not read.
    if (known?.role) return;
    const previousEnd = index > 0 ? spans[index - 1]!.end : 0;
    const role = roleBefore(tokens, span, previousEnd, clean) ?? roleAfter(tokens, span, clean);
    if (!known) bySurname.set(key, { name: span.name, role });
    else if (role) known.role = role;
  });
  return { people: [...bySurname.values()], spans };
}
