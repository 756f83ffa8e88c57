/**
 * Cue families of the announcement classifier: phrasings of what EXTRACTION.md counts as an
 * announcement (replication, selection, a practice library, a contest result, adoption, sharing) and
 * of its near-misses (ratings, contest calls and pending results, forums, meetings, budgets,
 * appointments, opinion). Patterns run over folded text (lower case, ё→е) from a word start; word
 * endings are left open (`W`) so that one pattern covers every case and tense of its stem.
 *
 * The families carry no weights: the model learns them (with the sentence contexts below) from the
 * labelled sets, so a family is a feature, not a verdict.
 */

/**
 * Patterns are compiled without the `u` flag (several times faster to build and to run), so letters
 * are spelled as ranges: the text is folded, lower case and `ё`→`е`.
 */
/** Any word ending: `~` in a pattern. */
const W = '[a-zа-яё-]*';
/** Up to n intervening words: `@n` in a pattern. */
const GAP = (n: number): string => `(?:\\s+[a-zа-яё0-9«»"-]+){0,${n}}\\s+`;
/**
 * Shared pieces: `%PR%` practice nouns (ru), `%PE%` (en), `%RR%` regions (ru), `%RE%` (en), and the
 * commonest Cyrillic stems in two letters (`%pk%` практик …): the bundler writes each Cyrillic letter
 * as a six-byte escape, so spelling these once keeps the ingest bundle under its 500 KB limit.
 */
const SHARED: Record<string, string> = {
  PR: '(?:%pk%~|%op%~|модел~|%rs%~|%sy%~|схем~|стандарт~|подход~|механизм~|технологи~|программ~|проект~|наработк~|методик~|инициатив~)',
  // 'practicians': how machine translation renders 'практики' on the regions' English pages.
  PE: '(?:practices?|practicians?|experience|models?|solutions?|systems?|schemes?|standards?|approach(?:es)?|mechanisms?|technolog(?:y|ies)|programm?es?|projects?|methodolog(?:y|ies)|initiatives?)',
  RR: '(?:регион~|%sj%~|област~|кра[яею]~|республик~|%mt%~|%mn%~\\s+образовани~|город~|территори~|стран~|росси~)',
  RE: '(?:regions?|subjects?|municipalities|cities|towns|territories|the\\s+country|russia)',
  pk: 'практик',
  mt: 'муниципалитет',
  mn: 'муниципальн',
  ks: 'конкурс',
  rs: 'решени',
  pb: 'победител',
  ob: 'объявлен',
  ot: 'отбор',
  bl: 'библиотек',
  ef: 'эффективн',
  op: 'опыт',
  lu: 'лучш',
  bu: 'будут',
  sy: 'систем',
  dj: 'дайджест',
  pz: 'признан',
  sb: 'сборник',
  kt: 'каталог',
  vn: 'внедрен',
  tr: 'тиражир',
  sj: 'субъект',
};

/**
 * A pattern as written (short placeholders keep the bundle small: written out, the shared pieces
 * would repeat hundreds of times) expanded to its regex source.
 */
function expand(pattern: string): string {
  return pattern
    .replace(/%(\w\w)%/g, (_, key: string) => SHARED[key]!)
    .replace(/%(\w\w)%/g, (_, key: string) => SHARED[key]!)
    .replace(/~/g, W)
    .replace(/@(\d)/g, (_, n: string) => GAP(Number(n)));
}

/** A family of cues: the id names a feature; the label opens the reason ('adoption cue: «…»'). */
export interface CueFamily {
  id: string;
  label: string;
  /** What EXTRACTION.md says the family speaks for: +1 an announcement, −1 a near-miss, 0 either. */
  polarity: 1 | -1 | 0;
  patterns: string[];
}

const RAW_FAMILIES: readonly CueFamily[] = [
  {
    id: 'replication',
    label: 'replication',
    polarity: 1,
    patterns: [
      `%tr%~|рас%tr%~|масштабир~|расход(?:ит|ят)ся\\s+по|разош(?:ел|л~)ся\\s+по`,
      `(?:распростран~|транслир~|перенос~|перенест~|продлить|продлен~|расширит~|передач~)@3%PR%`,
      `%PR%@3(?:распростран~|%tr%~|масштабир~)`,
      `(?:на|в|во|по)\\s+(?:все|всю|всей|всех|других|другие|остальн~|ины[хе]|ряде|соседн~|\\d+|десятк~|двух|тр[её]х|четыр[её]х|пяти|шести|семи|восьми|девяти|десяти|нескольк~)@1%RR%`,
      `(?:другим|других|другие|остальным|остальные|соседним|соседние|иным|иные|прочим)\\s+(?:[а-я-]+(?:им|ым|их|ых|ие|ые)\\s+)?(?:регион~|%sj%~|%mt%~|город~|территори~)`,
      `(?:образц~|пример~|ориентир~|эталон~|модел~)\\s+для\\s+(?:других\\s+|всех\\s+|остальных\\s+)?(?:[а-я-]+(?:их|ых)\\s+)?(?:регион~|%sj%~|%mt%~|город~|стран~)`,
      `(?:массов~|повсеместн~|широк~)\\s+(?:%vn%~|распространен~|применен~)`,
      `replicat~|scal(?:e|ed|ing)\\s+up|scaling|roll~\\s+out|nationwide|countrywide|(?:on|at|to)\\s+(?:the\\s+)?(?:all-russian|federal|national|country)\\s+level`,
      `(?:spread~|extend~|expand~|transfer~|disseminat~)@3(?:to|across|throughout|in)\\s+(?:other\\s+|all\\s+|the\\s+whole\\s+|\\d+\\s+|several\\s+|more\\s+)?(?:[a-zа-яё-]+\\s+)?%RE%`,
      `(?:in|to|across|for|by)\\s+(?:other|all|\\d+|several|many|more|neighbouring|neighboring|two|three|four|five|six|seven|eight|nine|ten|a\\s+dozen)\\s+(?:more\\s+|other\\s+)?(?:russian\\s+)?(?:regions|subjects|municipalities|cities)`,
      `(?:model|example|blueprint|benchmark)\\s+for\\s+(?:other\\s+|all\\s+)?(?:[a-z-]+\\s+)?(?:regions|municipalities|cities)`,
    ],
  },
  {
    id: 'selection',
    label: 'selection',
    polarity: 1,
    patterns: [
      `рекомендова~|рекомендаци~\\s+(?:к|для|по)\\s+(?:%vn%~|%tr%~|применен~)`,
      // Not a selection for a contest's final ('отобраны в финал'): the finalist family reads that.
      `отобра~(?!\\s+в\\s+(?:полу)?финал)|одобрил~|одобрен~`,
      `(?:вош(?:ел|л~)|вошедш~|войд~|включ~|попал~|попавш~|попад~|внесен~|внесл~|размещ~|опубликова~|оказал~ся|оказавш~ся)@2(?:в\\s+|во\\s+|на\\s+)(?:число|перечень|список|топ~|сотн~|десятк~|%sb%~|атлас~|реестр~|%bl%~|банк~|%kt%~|%dj%~|подборк~|платформ~)`,
      `(?:в|во)\\s+(?:число|перечень|список|топ~|сотн~|%sb%~|атлас~|реестр~|%bl%~|банк~|%kt%~|%dj%~|подборк~)@4(?:вош(?:ел|л~)|вошедш~|войд~|включ~|попал~|попавш~|попад~|отобра~|внесен~|внесл~)`,
      `(?:%pz%~|назван~|стал~|стали|оказал~ся)@2(?:одн~\\s+из\\s+)?(?:%lu%~|наиболее\\s+(?:%ef%~|успешн~))`,
      `%lu%~\\s+(?:стал~|стали|признал~|%pz%~)`,
      `топ-?\\d+|(?:в\\s+)?(?:пят[её]рк~|десятк~|сотн~)\\s+%lu%~`,
      `recommend~|(?:selected|chosen)(?!\\s+for\\s+the\\s+(?:semi-?)?finals?)|handpicked`,
      `(?:included|featured|entered|added|listed|placed|published|posted)\\s+(?:in|into|on|to)\\s+(?:the\\s+)?(?:[a-zа-яё'’-]+\\s+){0,4}(?:list|library|database|collection|atlas|register|registry|catalogue|catalog|digest|top|bank|smartek~)`,
      `(?:featured|included|listed|ranked|named)\\s+among\\s+(?:the\\s+)?(?:best|top)`,
      `(?:recogni[sz]ed|named|deemed|judged)\\s+(?:as\\s+)?(?:one\\s+of\\s+)?the\\s+best|top[- ]?(?:\\d+|five|ten)`,
    ],
  },
  {
    id: 'library',
    label: 'library',
    polarity: 1,
    patterns: [
      `смартек~|smartek~|smartec~|smartech`,
      `магазин~\\s+верных\\s+%rs%~|store\\s+of\\s+(?:the\\s+)?right\\s+solutions`,
      `(?:%bl%~|банк~|атлас~|%sb%~|реестр~|%kt%~|%dj%~|баз[аеуы])@2(?:%lu%~\\s+|успешн~\\s+|%ef%~\\s+)?(?:региональн~\\s+|%mn%~\\s+|социальн~\\s+|управленческ~\\s+)?(?:%pk%~|%rs%~)`,
      `(?:library|bank|database|atlas|collection|register|registry|catalogue|catalog|digest)\\s+of\\s+(?:the\\s+)?(?:best\\s+)?(?:regional\\s+|municipal\\s+)?(?:practices|practicians|solutions)|best[- ]practices?\\s+(?:library|database|bank|platform)`,
    ],
  },
  {
    id: 'contest-result',
    label: 'contest result',
    polarity: 1,
    patterns: [
      `(?:стал~|стали|ставш~|%pz%~|%ob%~|назван~|оказал~ся|вошл~\\s+в\\s+число|вошедш~\\s+в\\s+число)@2(?:%pb%~|лауреат~|призер~|дипломант~)`,
      `победил~|победивш~|одержал~\\s+побед~|одержавш~\\s+побед~|побед[аеуы]\\s+(?:в|во|на)|выиграл~|первенствова~|завоевал~`,
      `(?:занял~|заняли|занявш~|занимает|займ~|получил~|получили|получивш~|получат|получит|завоевал~|завоевавш~|разделил~|разделивш~|взял~|взявш~|удостоен~|досталось|достались|достанется|достанутся)@2(?:перв~|втор~|трет~|четверт~|пят~|\\d+-?[еоя]?|призов~|почетн~)\\s+мест~`,
      `(?:перв~|втор~|трет~|четверт~|пят~|призов~)\\s+мест~\\s+(?:занял~|заняли|получил~|получили|досталось|достались|у)`,
      `(?:получ~|вручил~|вручен~|вручат|вручил~|присужд~|присуд~|присвоен~|удостоен~|награжд~|наградил~|отмечен~|достанется|достанутся)@3(?:грант~|преми~|диплом~|наград~|денежн~|приз~|кубок~|сертификат~)`,
      `(?:подвел~|подведен~|подвели|огласил~|оглашен~|(?:объявил~|%ob%~)\\s+(?:итог~|результат~|%pb%~|имена))@2(?:итог~|результат~|%pb%~|%ks%~|%ot%~|этап~)?`,
      `итог~\\s+(?:[a-zа-яё-]+\\s+){0,3}(?:подведен~|%ob%~|оглашен~|подвели|объявили)|(?:%ks%~|%ot%~|этап~)\\s+(?:[a-zа-яё-]+\\s+){0,2}(?:завершил~|завершен~|подош~\\s+к\\s+концу)|(?:мест~|преми~|грант~)\\s+(?:[a-zа-яё-]+\\s+){0,4}(?:досталось|достались|достал~|распределен~|поделен~)`,
      `по\\s+(?:итогам|результатам)\\s+(?:[a-zа-яё-]+\\s+){0,2}(?:%ks%~|%ot%~|этап~|голосован~|эксперт~)`,
      // Headlines speak in the present: 'Ukhta takes first place', 'Kazan becomes a winner'.
      `(?:won|wins|winning)|(?:became|becomes|named|declared|announced\\s+as)\\s+(?:the\\s+|a\\s+|one\\s+of\\s+the\\s+)?(?:winners?|laureates?|prize-?winners?|best)`,
      `(?:took|takes|won|came|comes|finished|finishes|secured|secures|claimed|claims|shared|shares)\\s+(?:the\\s+)?(?:first|second|third|fourth|fifth|top|\\d+(?:st|nd|rd|th)|prize)@1(?:place|prize)`,
      `(?:awarded|received|receive|receives|granted|presented\\s+with)\\s+(?:a\\s+|the\\s+)?(?:[a-zа-яё-]+\\s+){0,2}(?:grant|prize|diploma|award)`,
      `(?:announced|summed\\s+up)\\s+(?:the\\s+)?(?:results|winners)|results\\s+of\\s+the\\s+(?:[a-zа-яё-]+\\s+){0,3}(?:contest|competition)`,
    ],
  },
  {
    id: 'contest-winner',
    label: 'winners named',
    polarity: 0,
    patterns: [`%pb%~|лауреат~|призер~|дипломант~|winners?|laureates?|prize-?winners?`],
  },
  {
    // A contest's final or shortlist is a stage, not its result (EXTRACTION.md: finalists awaiting the vote
    // are no announcement); the winner families leave finalists to this one.
    id: 'finalist',
    label: 'finalists',
    polarity: -1,
    patterns: [
      `финалист~|полуфиналист~|(?:вышл~|вышел|выйд~|выход~|прошл~|прошел|попал~|вош(?:ел|л~)|отобран~|включен~)\\s+в\\s+(?:полу)?финал~|шорт-?лист~|длинн~\\s+спис~|лонг-?лист~`,
      // A headline's present ('Two practices reach the final'), and a selection for the final, not for the library.
      `(?:semi-?)?finalists?|short-?list~|long-?list~|(?:reach(?:es|ed)?|make|makes|made|enter(?:s|ed)?|advance[sd]?\\s+to|went\\s+through\\s+to|got\\s+through\\s+to|(?:selected|chosen|picked)\\s+for)\\s+the\\s+(?:semi-?)?finals?`,
    ],
  },
  {
    id: 'contest',
    label: 'contest',
    polarity: 0,
    patterns: [
      `%ks%~|преми[ияюей]~|номинаци~|%ot%~|(?:региональн~|федеральн~|республиканск~|окружн~|заключительн~)\\s+этап~`,
      `%lu%~\\s+%mn%~\\s+%pk%~`,
      `contest~|competition~|award~|nominations?|(?:regional|federal|final)\\s+stage`,
    ],
  },
  {
    id: 'adoption',
    label: 'adoption',
    polarity: 1,
    patterns: [
      `по\\s+(?:%op%у|примеру|модели|образцу|аналогии|лекалам)|по\\s+(?:[а-яё-]+(?:ой|ей|ому|ему)\\s+){1,2}(?:%op%у|примеру|модели|образцу|лекалам)`,
      `(?:взял~|взяли|взят~|берут|берет|возьм[уе]~)\\s+за\\s+основу|model(?:l)?ed\\s+(?:on|after)|patterned\\s+(?:on|after)`,
      // 'Киров берёт ижевскую схему', 'взяли казанский регламент': a verb of taking with the giver's (or any) adjective before the practice.
      `(?:бер[еу]т|берем|взял~|взяли|взят~|возьм~|забира~|забер~|забрал~|скопирова~|копиру~)\\s+(?:[а-яё-]+(?:ую|ой|ий|ый|ое|ие|ые|ей|ых|их)\\s+){1,2}(?:%PR%|регламент~)`,
      `(?:брать|берут|берет|взять|взяли|взял~|возьмут|брали)\\s+(?:[a-zа-яё-]+\\s+)?пример~|(?:взял~|взяли|берет|берут|возьм~|брать|взять)\\s+на\\s+вооружение`,
      `переня~|переним~|перейм~|заимствова~|позаимствова~|подхватыва~|подхватил~|подхватят`,
      `(?:внедр~|вводит|вводят|вводится|ввели|введут|ввел~|введен~|запуст~|запуска~|заработает|заработают|заработал~|адаптир~|перешл~\\s+на|переход~\\s+на|примен~|применя~|использу~|использова~)@3(?:у\\s+себя\\s+)?%PR%`,
      `(?:following|after|on)\\s+the\\s+(?:example|model|lines)\\s+of|following\\s+(?:the\\s+|a\\s+)?(?:[a-z-]+\\s+)?(?:example|model|scheme|pattern|template|blueprint|experience)|learn~\\s+from\\s+(?:the\\s+)?(?:experience|example)|take\\s+(?:a\\s+)?(?:leaf|page|cue)`,
      // 'on the model used in Khabarovsk', 'borrowed from the Nizhny Novgorod Region', 'will move to the … scheme': as 'по образцу', 'переходят на'.
      `(?:on|after|following)\\s+the\\s+(?:[a-z-]+\\s+)?(?:model|example|pattern|template|blueprint)\\s+(?:used|adopted|developed|tested|pioneered|set|introduced)\\s+(?:in|by)|(?:borrow~|copied|adopted|taken)\\s+from|(?:taken|took|take|takes|taking)\\s+over\\s+from|by\\s+the\\s+example\\s+of|(?:move~|moving|switch~|go(?:es|ing)?|went|transfer~)\\s+(?:over\\s+)?to\\s+the\\s+(?:[a-z-]+\\s+){1,3}(?:scheme|model|system|standard|practice|approach)`,
      `(?:adopt~|borrow~|introduc~|implement~|copy~|copied|emulat~|take~\\s+up|took\\s+up|pick~\\s+up|roll~\\s+out|launch~|appl(?:y|ied|ying))@3%PE%`,
      `(?:adopt~|borrow~|copy~|copied|emulat~|replicat~|introduc~|implement~|take~\\s+up|took\\s+up|pick~\\s+up|bring~\\s+in|brought\\s+in)\\s+(?:the\\s+)?(?:[a-z-]+\\s+)?[a-z-]+['’]s`,
      `based\\s+on\\s+(?:the\\s+)?(?:[a-zа-яё-]+\\s+){0,2}(?:model|experience|practice|approach)|на\\s+основе\\s+(?:[a-zа-яё-]+\\s+){0,2}(?:%op%~|модел~|%pk%~)`,
    ],
  },
  {
    id: 'study',
    label: 'study',
    polarity: 0,
    patterns: [
      `изуч~@3%PR%|(?:познаком~|ознаком~)@2(?:с\\s+)?(?:%op%~|%pk%~|работ~|%sy%~)`,
      `(?:study|studied|studying|studies|examine~|learn~\\s+about)@3%PE%`,
    ],
  },
  // A delegation, an internship or a working group apart from studying a practice: a visit in general is a
  // near-miss, a region studying one named practice to take it home an announcement (EXTRACTION.md, RETOLD-RULES.md),
  // and one family for both gave every delegation the study's weight (README, twenty-sixth session).
  {
    id: 'delegation',
    label: 'delegation or internship',
    polarity: 0,
    patterns: [
      `делегаци~|рабоч~\\s+групп~|стажировк~|обменн~\\s+визит~|с\\s+рабочим\\s+визитом`,
      `delegation~|working\\s+group|internship~|study\\s+(?:visit|tour)`,
    ],
  },
  {
    id: 'sharing',
    label: 'sharing',
    polarity: 1,
    patterns: [
      `(?:поделил~|поделится|поделятся|поделиться|делится|делятся|делиться)@2(?:%op%~|%pk%~|наработк~|%rs%~)`,
      `(?:передаст|передадут|передать|передает|передают|передал~|передан~|передач~|переда[её]т~)@3(?:%PR%|~\\s+%sy%~)`,
      `(?:представил~|презентовал~|представлен~|представят|представит|показал~|рассказал~\\s+об?)@3(?:%pk%~|%op%~|проект~|модел~|%sy%~|%rs%~)`,
      `готов~\\s+(?:передать|поделиться|делиться|помочь\\s+коллегам|принимать\\s+делегации|%tr%овать)`,
      `(?:shared|share|shares|sharing|presented|showcased|showed|demonstrated)\\s+(?:its|their|the|his|her|our|a)?\\s*(?:[a-zа-яё-]+\\s+){0,2}%PE%`,
      `%PR%@4(?:будет\\s+|%bu%\\s+|был~\\s+)?передан~|%PE%@5(?:will\\s+be\\s+|was\\s+|were\\s+|is\\s+|are\\s+)?(?:handed\\s+over|transferred|passed\\s+on)`,
      `(?:hand~\\s+over|pass~\\s+on|transferr?~)@4%PE%|(?:ready|happy|open|prepared)\\s+to\\s+(?:share|help|pass\\s+on|transfer)|will\\s+share`,
    ],
  },
  {
    id: 'best-practices',
    label: 'best practices',
    polarity: 0,
    patterns: [`(?!%lu%~\\s+%mn%~\\s+%pk%)(?:%lu%~|успешн~|передов~|%ef%~)\\s+(?:[a-zа-яё-]+\\s+)?(?:%pk%~|%op%~|%rs%~)|(?:best|successful|leading|good)\\s+(?:[a-zа-яё-]+\\s+)?(?:practices?|practicians?|experience|solutions)`],
  },
  {
    id: 'rating',
    label: 'rating',
    polarity: -1,
    patterns: [`рейтинг~|индекс~|ранжирован~|rating~|ranking~|ranked|index`],
  },
  {
    id: 'contest-call',
    label: 'contest call',
    polarity: -1,
    patterns: [
      `при[её]м~\\s+(?:%ks%н~\\s+)?(?:заявок|заявк~)|(?:заявк~|заявок)\\s+(?:[a-zа-яё-]+\\s+)?(?:принима~|можно\\s+подать|подаются|направля~)|(?:подать|подавать|подач~|направить|прислать|присылают|собирает|собирают)\\s+(?:[a-zа-яё-]+\\s+){0,2}(?:заявок|заявк~)`,
      `положени~\\s+о\\s+(?:%ks%~|проведени~)|услови~\\s+участи~|критери~\\s+(?:оценк~|%ot%~)|регистраци~\\s+участник~|порядок\\s+проведения`,
      `(?:старт~|начал~ся|начина~ся|начн[её]т~|%ob%~(?!\\s+(?:итог|%pb%|результат|лауреат|призер|финалист))|объявил~\\s+(?:о\\s+)?старт~|открыт[аоы]?|открыл~ся|продлен~|продлил~|launch~|open(?:s|ed)?)@3(?:при[её]м~|%ks%~|%ot%~|регистраци~|сбор~|голосован~|applications|contest|competition|selection|call|registration|voting)`,
      `(?:могут|смогут|может|приглаша~|предлага~)@3(?:принять\\s+участие|подать|участвовать|направить|прислать|проголосовать)|голосуйте|проголосуйте|голосование\\s+(?:[a-zа-яё-]+\\s+){0,2}(?:продлится|пройдет|открыто|стартовал~|начал~ся|завершится)|можно\\s+проголосовать`,
      `(?<!(?:доклад|срок)[^a-zа-яё0-9]{1,4})до\\s+\\d{1,2}\\s+(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)~`,
      // 'were submitted' counts applications, as «подано 1 280 заявок» does: only a submission still to come is a call.
      `applications?\\s+(?:are|will\\s+be|can\\s+be|may\\s+be)\\s+(?:accepted|submitted|open)|accepting\\s+applications|submit(?:s|ting)?|(?:must|should|can|may|will|to)\\s+be\\s+submitted|call\\s+for\\s+(?:applications|entries|submissions|ideas|proposals)|deadline|application\\s+(?:campaign|period)|applications?\\s+(?:close|open)`,
      `(?:can|may|are\\s+invited\\s+to|is\\s+open\\s+to|invites?)\\s+(?:[a-zа-яё-]+\\s+){0,2}(?:take\\s+part|participate|apply|vote|submit)|rules\\s+of\\s+the\\s+(?:contest|competition)|eligible|public\\s+vote|vote\\s+for`,
    ],
  },
  {
    id: 'pending-result',
    label: 'result still to come',
    polarity: -1,
    patterns: [
      `(?:%bu%|будет)\\s+(?:[a-zа-яё-]+\\s+)?(?:выбран~|отобран~|определен~|назван~|награжден~|%ob%~|подведен~|оцен~)|(?:определят|выберут|назовут|наградят|отберут|подведут)|кто\\s+(?:победит|станет)`,
      `will\\s+be\\s+(?:selected|chosen|announced|awarded|named|determined|judged|evaluated)|winners\\s+will|(?:who|which)\\s+will\\s+win`,
    ],
  },
  {
    id: 'forum',
    label: 'forum or round table',
    polarity: -1,
    patterns: [
      `кругл~\\s+стол~|форум~|конференци~|(?:пленарн~|панельн~|экспертн~|тематическ~|дискуссионн~|заключительн~|отдельн~|открыт~)\\s+сесси~|семинар~|вебинар~|панельн~|дискусси~|обсудил~|обсуждени~|обсудят|обменял~ся|обмен~\\s+%op%~`,
      `round\\s+table|forum~|conference~|panel~|discussion~|discussed|webinar~|seminar~|exchang~\\s+(?:of\\s+)?(?:best\\s+)?(?:experience|practices|practicians)`,
    ],
  },
  {
    id: 'generic-call',
    label: 'generic call to share',
    polarity: -1,
    patterns: [
      `(?:нужно|необходимо|важно|следует|должны|стоит|надо|призвал~|призыва~|поручил~)@3(?:активнее\\s+)?(?:обмениват~|перенимат~|делиться|изучать|учиться|внедрять|распространять|использовать|%tr%овать)`,
      `(?:should|need\\s+to|must|urged|called\\s+on|instructed)@3(?:share|exchange|learn|adopt|borrow|spread|use|introduce|implement)`,
    ],
  },
  {
    id: 'appointment',
    label: 'appointment',
    polarity: -1,
    patterns: [`назначен~|назначил~|освобожд~\\s+от\\s+должност~|вступил~\\s+в\\s+должност~|appointed|relieved\\s+of|took\\s+office`],
  },
  {
    id: 'meeting',
    label: 'meeting',
    polarity: -1,
    patterns: [
      `заседани~|совещани~|стратегическ~\\s+сесси~|наблюдательн~\\s+совет~|попечительск~\\s+совет~|встреч~|доклад~|отчет~|послани~|прямая\\s+линия|пресс-конференци~`,
      `meeting~|session~|talks|report~|address~`,
    ],
  },
  {
    id: 'budget',
    label: 'budget or statistics',
    polarity: -1,
    patterns: [`бюджет~|статистик~|финансирован~|субсиди~|дотаци~|ассигнован~|млрд|budget~|statistic~|funding|subsid~|billion`],
  },
  {
    id: 'opinion',
    label: 'opinion',
    polarity: -1,
    patterns: [
      `по\\s+моему\\s+мнению|я\\s+(?:считаю|уверен~|думаю)|на\\s+мой\\s+взгляд|колонк~|мнени~\\s+автор~|in\\s+my\\s+(?:view|opinion)|i\\s+(?:believe|think)|opinion|column`,
    ],
  },
];

/** A context of the sentence a cue fires in. */
export interface SentenceContext {
  id: string;
  /** Regex source over folded text; sentences with a match have the context. Absent: computed from the other extractors. */
  pattern?: string;
  /** Keeps only the matches whose text, case kept, passes (the scan reads folded text, which has none). */
  accept?: (match: string) => boolean;
}

/**
 * Qualifiers take a cue out of the plain statement of a fact, in this order of precedence: a cue in
 * a sentence about a rating, negated ('не вошла'), told as background ('в прошлом году', 'напомним')
 * or hypothetical (a future or modal word just before it: 'будут выбраны', 'могут перенять'), or in
 * a sentence about a person's award ('учитель года', 'doctor of the year', for the contest kinds in a
 * sentence with no practice noun) or a study visit ('делегация побывала', 'delegation'). A
 * qualified cue is a feature of its own (`cue:<family>~<qualifier>`), so that the plain cue's weight
 * is learned from plain uses.
 */
const RAW_QUALIFIERS: readonly SentenceContext[] = [
  { id: 'rating', pattern: `рейтинг~|rating~|ranking~` },
  { id: 'negated' },
  { id: 'background', pattern: `напомним|напомню|ранее|в\\s+прошлом\\s+году|год\\s+назад|прошлогодн~|в\\s+свое\\s+время|last\\s+year|previously|earlier|recall~|a\\s+year\\s+ago` },
  { id: 'hypothetical' },
  // A person's award ('учитель года', 'лучший муниципальный служащий', 'doctor of the year'): a contest cue
  // about a person, not a practice (computed on demand: PERSONAL_CONTEXT below).
  { id: 'personal' },
  // A study visit's sentence ('делегация изучила', 'побывали', 'delegation'): its cues say what was shown, not
  // what was adopted (the study and adoption families themselves are not qualified by it).
  { id: 'visit', pattern: `делегаци~|стажировк~|обменн~\\s+визит~|(?:рабоч~|ознакомительн~|официальн~)\\s+визит~|визит~\\s+(?:в|во|на)|приехал~|приезжал~|побывал~|посетил~|изучил~|изучали|изучат|изучить|изучени~|познакомил~|ознакомил~|delegation~|internship~|study\\s+(?:visit|tour|trip)|visit~|toured|studied|to\\s+study|learn~\\s+about|got\\s+acquainted|familiari[sz]~` },
];

/** Future and modal words that make the cue right after them hypothetical ('будут выбраны', 'могут перенять', 'will be selected'). */
export const HYPOTHETICAL = /^(?:будет|будут|станет|станут|планиру[а-я]*|намерен[а-я]*|может|могут|смогут|сможет|предстоит|должн[а-я]*|хотят|хочет|would|will|may|might|could|plans?|planned|intends?|going|should|can)$/;
/**
 * The modal words alone: what makes a spreading, adoption or sharing cue hypothetical. A plain future states
 * the act ('будет распространена', 'will be replicated', 'will move to the Nizhny Novgorod scheme': EXTRACTION.md
 * counts a practice that will be spread), as the Russian perfective future ('распространят') does unmarked.
 */
export const MODAL = /^(?:планиру[а-я]*|намерен[а-я]*|может|могут|смогут|сможет|предстоит|должн[а-я]*|хотят|хочет|would|may|might|could|plans?|planned|intends?|going|should|can)$/;
/** Families a plain future leaves stated (see `MODAL`). */
export const FUTURE_STATED = new Set(['replication', 'adoption', 'sharing']);

/** Words that negate the cue right after them. */
export const NEGATION = /^(?:не|ни|нет|not|no|never|without)$/;

/** Most words a quoted name has: longer quotes are speech («Мы будем тиражировать этот опыт у себя»). */
const QUOTED_NAME_WORDS = 8;

/**
 * Whether a quoted span names something (a practice, a project, a contest, a programme): it starts with a
 * capital or a digit, as Russian and English write such names, and is short. Quoted speech («нужно
 * тиражировать», "We will share what works with every region …") and quoted terms («умного города») name
 * nothing. Measured in the twenty-first session (README): devtexts nested CV 0.888 → 0.911, found on one of
 * its texts; neutral on the held-out sets.
 */
export function isQuotedName(inner: string): boolean {
  const text = inner.trim();
  return /^[A-ZА-ЯЁ0-9]/.test(text) && text.split(/\s+/).length <= QUOTED_NAME_WORDS;
}

/** Contexts of a plain cue's sentence (`cue:<family>&<context>`). */
const RAW_CONTEXTS: readonly SentenceContext[] = [
  { id: 'region' },
  { id: 'two-regions' },
  { id: 'municipality', pattern: `%mt%~|%mn%~\\s+(?:район~|округ~|образовани~)|поселени~|городск~\\s+округ~|район~|поселок~|сел[оау]|станиц~|municipalit~|district~|settlement~|town~|village~` },
  { id: 'named', pattern: `«[^»\\n]{3,}»|"[^"\\n]{3,}"`, accept: (match) => isQuotedName(match.slice(1, -1)) },
  { id: 'authority', pattern: `министр~|министерств~|мин[а-я]{3,}\\s+росси~|минэкономразвити~|минстро~|минфин~|вице-премьер~|премьер~|правительств~\\s+(?:рф|российской|россии)|президент~|кремл~|аси|агентств~\\s+стратегическ~|госсовет~|федеральн~|minister~|ministry|agency|government|president|kremlin|federal|state\\s+council` },
];

/**
 * A person's award and a practice noun, tested only on the sentences of the contest kinds' cues (the
 * classifier's `personal` qualifier) rather than scanned over every text: a role noun with no practice.
 */
const RAW_PERSONAL_CONTEXT: SentenceContext = { id: 'personal', pattern: `учител~|педагог~|врач~|фельдшер~|медсестр~|медик~|воспитател~|служащ~|управленц~|чиновник~|предпринимател~|бизнесмен~|волонтер~|доброволь~|добровольц~|наставник~|тренер~|спортсмен~|журналист~|школьник~|студент~|спасател~|полицейск~|(?:глав[аыу]?|мэр~|руководител~|человек~|женщин~|мужчин~|семь[яиюей]~)\\s+года|teachers?|doctors?|nurses?|civil\\s+servants?|officials?|entrepreneurs?|volunteers?|mentors?|coach~|journalists?|students?|of\\s+the\\s+year` };
const RAW_PRACTICE_CONTEXT: SentenceContext = { id: 'practice', pattern: `%PR%|%PE%` };

const expandContext = (context: SentenceContext): SentenceContext => (context.pattern ? { ...context, pattern: expand(context.pattern) } : context);

/** The cue families, patterns expanded to regex sources. */
export const CUE_FAMILIES: readonly CueFamily[] = RAW_FAMILIES.map((family) => ({ ...family, patterns: family.patterns.map(expand) }));
export const QUALIFIERS: readonly SentenceContext[] = RAW_QUALIFIERS.map(expandContext);
export const SENTENCE_CONTEXTS: readonly SentenceContext[] = RAW_CONTEXTS.map(expandContext);
export const PERSONAL_CONTEXT: SentenceContext = expandContext(RAW_PERSONAL_CONTEXT);
export const PRACTICE_CONTEXT: SentenceContext = expandContext(RAW_PRACTICE_CONTEXT);
