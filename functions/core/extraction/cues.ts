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

/** Any word ending. */
const W = '[\\p{L}-]*';
/** Up to n intervening words. */
const GAP = (n: number): string => `(?:\\s+[\\p{L}\\p{N}«»"-]+){0,${n}}\\s+`;

const PRACTICE_RU = `(?:практик${W}|опыт${W}|модел${W}|решени${W}|систем${W}|стандарт${W}|подход${W}|механизм${W}|технологи${W}|программ${W}|проект${W}|наработк${W}|методик${W}|инициатив${W})`;
const PRACTICE_EN = `(?:practices?|experience|models?|solutions?|systems?|standards?|approach(?:es)?|mechanisms?|technolog(?:y|ies)|programm?es?|projects?|methodolog(?:y|ies)|initiatives?)`;
const REGIONS_RU = `(?:регион${W}|субъект${W}|област${W}|кра[яею]${W}|республик${W}|муниципалитет${W}|муниципальн${W}\\s+образовани${W}|город${W}|территори${W}|стран${W}|росси${W})`;
const REGIONS_EN = `(?:regions?|subjects?|municipalities|cities|towns|territories|the\\s+country|russia)`;

/** A family of cues: the id names a feature; the label opens the reason ('adoption cue: «…»'). */
export interface CueFamily {
  id: string;
  label: string;
  /** What EXTRACTION.md says the family speaks for: +1 an announcement, −1 a near-miss, 0 either. */
  polarity: 1 | -1 | 0;
  patterns: string[];
}

export const CUE_FAMILIES: readonly CueFamily[] = [
  {
    id: 'replication',
    label: 'replication',
    polarity: 1,
    patterns: [
      `тиражир${W}|растиражир${W}|масштабир${W}`,
      `(?:распростран${W}|транслир${W}|перенос${W}|перенест${W}|продлить|продлен${W}|расширит${W}|передач${W})${GAP(3)}${PRACTICE_RU}`,
      `${PRACTICE_RU}${GAP(3)}(?:распростран${W}|тиражир${W}|масштабир${W})`,
      `(?:на|в|во|по)\\s+(?:все|всю|всей|всех|других|другие|остальн${W}|ины[хе]|ряде|соседн${W}|\\d+|десятк${W})${GAP(1)}${REGIONS_RU}`,
      `(?:другим|других|другие|остальным|остальные|соседним|соседние|иным|иные|прочим)\\s+(?:регион${W}|субъект${W}|муниципалитет${W}|город${W}|территори${W})`,
      `(?:образц${W}|пример${W}|ориентир${W}|эталон${W})\\s+для\\s+(?:других\\s+|всех\\s+|остальных\\s+)?(?:регион${W}|субъект${W}|муниципалитет${W}|город${W}|стран${W})`,
      `(?:массов${W}|повсеместн${W}|широк${W})\\s+(?:внедрен${W}|распространен${W}|применен${W})`,
      `replicat${W}|scal(?:e|ed|ing)\\s+up|scaling|roll${W}\\s+out|nationwide|countrywide|(?:on|at|to)\\s+(?:the\\s+)?(?:all-russian|federal|national|country)\\s+level`,
      `(?:spread${W}|extend${W}|expand${W}|transfer${W}|disseminat${W})${GAP(3)}(?:to|across|throughout|in)\\s+(?:other\\s+|all\\s+|the\\s+whole\\s+|\\d+\\s+|several\\s+|more\\s+)?(?:[\\p{L}-]+\\s+)?${REGIONS_EN}`,
      `(?:in|to|across|for|by)\\s+(?:other|all|\\d+|several|many|more|neighbouring|neighboring)\\s+(?:russian\\s+)?(?:regions|subjects|municipalities|cities)`,
      `(?:model|example|blueprint|benchmark)\\s+for\\s+(?:other\\s+|all\\s+)?(?:regions|municipalities|cities)`,
    ],
  },
  {
    id: 'selection',
    label: 'selection',
    polarity: 1,
    patterns: [
      `рекомендова${W}|рекомендаци${W}\\s+(?:к|для|по)\\s+(?:внедрен${W}|тиражир${W}|применен${W})`,
      `отобра${W}|отобран${W}|одобрил${W}|одобрен${W}`,
      `(?:вош(?:ел|л${W})|включ${W}|попал${W}|внесен${W}|внесл${W}|размещ${W}|опубликова${W}|оказал${W}ся)${GAP(2)}(?:в\\s+|во\\s+|на\\s+)(?:число|перечень|список|топ${W}|сотн${W}|десятк${W}|сборник${W}|атлас${W}|реестр${W}|библиотек${W}|банк${W}|каталог${W}|дайджест${W}|подборк${W}|платформ${W})`,
      `(?:в|во)\\s+(?:число|перечень|список|топ${W}|сотн${W}|сборник${W}|атлас${W}|реестр${W}|библиотек${W}|банк${W}|каталог${W}|дайджест${W}|подборк${W})${GAP(4)}(?:вош(?:ел|л${W})|включ${W}|попал${W}|отобра${W}|внесен${W}|внесл${W})`,
      `(?:признан${W}|назван${W}|стал${W}|стали|оказал${W}ся)${GAP(2)}(?:одн${W}\\s+из\\s+)?(?:лучш${W}|наиболее\\s+(?:эффективн${W}|успешн${W}))`,
      `лучш${W}\\s+(?:стал${W}|стали|признал${W}|признан${W})`,
      `топ-?\\d+|(?:в\\s+)?(?:пят[её]рк${W}|десятк${W}|сотн${W})\\s+лучш${W}`,
      `recommend${W}|selected|shortlisted|chosen|handpicked`,
      `(?:included|featured|entered|added|listed|placed)\\s+(?:in|into|on|to)\\s+(?:the\\s+)?(?:[\\p{L}-]+\\s+){0,3}(?:list|library|database|collection|atlas|register|registry|catalogue|catalog|digest|top)`,
      `(?:featured|included|listed|ranked|named)\\s+among\\s+(?:the\\s+)?(?:best|top)`,
      `(?:recogni[sz]ed|named|deemed|judged)\\s+(?:as\\s+)?(?:one\\s+of\\s+)?the\\s+best|top[- ]?(?:\\d+|five|ten)`,
    ],
  },
  {
    id: 'library',
    label: 'library',
    polarity: 1,
    patterns: [
      `смартек${W}|smartek${W}|smartec${W}|smartech`,
      `магазин${W}\\s+верных\\s+решени${W}|store\\s+of\\s+(?:the\\s+)?right\\s+solutions`,
      `(?:библиотек${W}|банк${W}|атлас${W}|сборник${W}|реестр${W}|каталог${W}|дайджест${W}|баз[аеуы])${GAP(2)}(?:лучш${W}\\s+|успешн${W}\\s+|эффективн${W}\\s+)?(?:региональн${W}\\s+|муниципальн${W}\\s+|социальн${W}\\s+|управленческ${W}\\s+)?(?:практик${W}|решени${W})`,
      `(?:library|bank|database|atlas|collection|register|registry|catalogue|catalog|digest)\\s+of\\s+(?:the\\s+)?(?:best\\s+)?(?:regional\\s+|municipal\\s+)?(?:practices|solutions)|best[- ]practices?\\s+(?:library|database|bank|platform)`,
    ],
  },
  {
    id: 'contest-result',
    label: 'contest result',
    polarity: 1,
    patterns: [
      `(?:стал${W}|стали|признан${W}|объявлен${W}|назван${W}|оказал${W}ся|вошл${W}\\s+в\\s+число)${GAP(2)}(?:победител${W}|лауреат${W}|призер${W}|финалист${W}|дипломант${W})`,
      `победил${W}|одержал${W}\\s+побед${W}|побед[аеуы]\\s+(?:в|во|на)\\s|выиграл${W}|первенствова${W}|завоевал${W}`,
      `(?:занял${W}|заняли|занимает|получил${W}|получили|завоевал${W}|разделил${W}|взял${W}|удостоен${W})${GAP(2)}(?:перв${W}|втор${W}|трет${W}|четверт${W}|пят${W}|\\d+-?[еоя]?|призов${W}|почетн${W})\\s+мест${W}`,
      `(?:перв${W}|втор${W}|трет${W}|четверт${W}|пят${W}|призов${W})\\s+мест${W}\\s+(?:занял${W}|заняли|получил${W}|получили|досталось|достались|у\\s)`,
      `(?:получ${W}|вручил${W}|вручен${W}|вручат|вручил${W}|присужд${W}|присуд${W}|присвоен${W}|удостоен${W}|награжд${W}|наградил${W}|отмечен${W}|достанется|достанутся)${GAP(3)}(?:грант${W}|преми${W}|диплом${W}|наград${W}|денежн${W}|приз${W}|кубок${W}|сертификат${W})`,
      `(?:подвел${W}|подведен${W}|подвели|огласил${W}|оглашен${W}|объявил${W}\\s+(?:итог${W}|результат${W}|победител${W}|имена))${GAP(2)}(?:итог${W}|результат${W}|победител${W}|конкурс${W}|отбор${W}|этап${W})?`,
      `итог${W}\\s+(?:[\\p{L}-]+\\s+){0,3}(?:подведен${W}|объявлен${W}|оглашен${W}|подвели|объявили)|(?:конкурс${W}|отбор${W}|этап${W})\\s+(?:[\\p{L}-]+\\s+){0,2}(?:завершил${W}|завершен${W}|подош${W}\\s+к\\s+концу)|(?:мест${W}|преми${W}|грант${W})\\s+(?:[\\p{L}-]+\\s+){0,4}(?:досталось|достались|достал${W}|распределен${W}|поделен${W})`,
      `по\\s+(?:итогам|результатам)\\s+(?:[\\p{L}-]+\\s+){0,2}(?:конкурс${W}|отбор${W}|этап${W}|голосован${W}|эксперт${W})`,
      `(?:won|wins|winning)\\s|(?:became|named|declared|announced\\s+as)\\s+(?:the\\s+|a\\s+|one\\s+of\\s+the\\s+)?(?:winners?|laureates?|prize-?winners?|finalists?|best)`,
      `(?:took|won|came|finished|secured|claimed|shared)\\s+(?:the\\s+)?(?:first|second|third|fourth|fifth|top|\\d+(?:st|nd|rd|th)|prize)${GAP(1)}(?:place|prize)`,
      `(?:awarded|received|receive|receives|granted|presented\\s+with)\\s+(?:a\\s+|the\\s+)?(?:[\\p{L}-]+\\s+){0,2}(?:grant|prize|diploma|award)`,
      `(?:announced|summed\\s+up)\\s+(?:the\\s+)?(?:results|winners)|results\\s+of\\s+the\\s+(?:[\\p{L}-]+\\s+){0,3}(?:contest|competition)`,
    ],
  },
  {
    id: 'contest-winner',
    label: 'winners named',
    polarity: 0,
    patterns: [`победител${W}|лауреат${W}|призер${W}|финалист${W}|дипломант${W}|winners?|laureates?|prize-?winners?|finalists?`],
  },
  {
    id: 'contest',
    label: 'contest',
    polarity: 0,
    patterns: [
      `конкурс${W}|преми[ияюей]${W}|номинаци${W}|отбор${W}|(?:региональн${W}|федеральн${W}|республиканск${W}|окружн${W}|заключительн${W})\\s+этап${W}`,
      `лучш${W}\\s+муниципальн${W}\\s+практик${W}`,
      `contest${W}|competition${W}|award${W}|nominations?|(?:regional|federal|final)\\s+stage`,
    ],
  },
  {
    id: 'adoption',
    label: 'adoption',
    polarity: 1,
    patterns: [
      `по\\s+(?:опыту|примеру|модели|образцу|аналогии|лекалам)`,
      `(?:брать|берут|берет|взять|взяли|взял${W}|возьмут|брали)\\s+(?:[\\p{L}-]+\\s+)?пример${W}|взял${W}\\s+на\\s+вооружение`,
      `переня${W}|переним${W}|перейм${W}|заимствова${W}|позаимствова${W}|подхватыва${W}|подхватил${W}|подхватят`,
      `(?:внедрил${W}|внедрят|внедрит|внедряют|внедряет|внедрять|внедрить|внедрен${W}|вводит|вводят|ввели|введут|ввел${W}|запуст${W}|запуска${W}|заработает|заработают|заработал${W}|адаптир${W}|перешл${W}\\s+на|переход${W}\\s+на|примен${W}|применя${W}|использу${W}|использова${W})${GAP(3)}(?:у\\s+себя\\s+)?${PRACTICE_RU}`,
      `(?:following|after|on)\\s+the\\s+(?:example|model|lines)\\s+of|learn${W}\\s+from\\s+(?:the\\s+)?(?:experience|example)|take\\s+(?:a\\s+)?(?:leaf|page|cue)`,
      `(?:adopt${W}|borrow${W}|introduc${W}|implement${W}|copy${W}|copied|emulat${W}|take${W}\\s+up|took\\s+up|pick${W}\\s+up|roll${W}\\s+out|launch${W}|appl(?:y|ied|ying))${GAP(3)}${PRACTICE_EN}`,
      `based\\s+on\\s+(?:the\\s+)?(?:[\\p{L}-]+\\s+){0,2}(?:model|experience|practice|approach)|на\\s+основе\\s+(?:[\\p{L}-]+\\s+){0,2}(?:опыт${W}|модел${W}|практик${W})`,
    ],
  },
  {
    id: 'study',
    label: 'study visit',
    polarity: 0,
    patterns: [
      `изуч${W}${GAP(3)}${PRACTICE_RU}|(?:познаком${W}|ознаком${W})${GAP(2)}(?:с\\s+)?(?:опыт${W}|практик${W}|работ${W}|систем${W})`,
      `делегаци${W}|рабоч${W}\\s+групп${W}|стажировк${W}|обменн${W}\\s+визит${W}|с\\s+рабочим\\s+визитом`,
      `(?:study|studied|studying|studies|examine${W}|learn${W}\\s+about)${GAP(3)}${PRACTICE_EN}|delegation${W}|working\\s+group|internship${W}|study\\s+(?:visit|tour)`,
    ],
  },
  {
    id: 'sharing',
    label: 'sharing',
    polarity: 1,
    patterns: [
      `(?:поделил${W}|поделится|поделятся|поделиться|делится|делятся|делиться)${GAP(2)}(?:опыт${W}|практик${W}|наработк${W}|решени${W})`,
      `(?:передаст|передадут|передать|передает|передают|передал${W}|передан${W}|передач${W}|переда[её]т${W})${GAP(3)}(?:${PRACTICE_RU}|${W}\\s+систем${W})`,
      `(?:представил${W}|презентовал${W}|представлен${W}|представят|представит|показал${W}|рассказал${W}\\s+об?)${GAP(3)}(?:практик${W}|опыт${W}|проект${W}|модел${W}|систем${W}|решени${W})`,
      `готов${W}\\s+(?:передать|поделиться|делиться|помочь\\s+коллегам|принимать\\s+делегации|тиражировать)`,
      `(?:shared|share|shares|sharing|presented|showcased|showed|demonstrated)\\s+(?:its|their|the|his|her|our|a)?\\s*(?:[\\p{L}-]+\\s+){0,2}${PRACTICE_EN}`,
      `${PRACTICE_RU}${GAP(4)}(?:будет\\s+|будут\\s+|был${W}\\s+)?передан${W}|${PRACTICE_EN}${GAP(5)}(?:will\\s+be\\s+|was\\s+|were\\s+|is\\s+|are\\s+)?(?:handed\\s+over|transferred|passed\\s+on)`,
      `(?:hand${W}\\s+over|pass${W}\\s+on|transferr?${W})${GAP(4)}${PRACTICE_EN}|(?:ready|happy|open|prepared)\\s+to\\s+(?:share|help|pass\\s+on|transfer)|will\\s+share`,
    ],
  },
  {
    id: 'best-practices',
    label: 'best practices',
    polarity: 0,
    patterns: [`(?!лучш${W}\\s+муниципальн${W}\\s+практик)(?:лучш${W}|успешн${W}|передов${W}|эффективн${W})\\s+(?:[\\p{L}-]+\\s+)?(?:практик${W}|опыт${W}|решени${W})|(?:best|successful|leading|good)\\s+(?:[\\p{L}-]+\\s+)?(?:practices?|experience|solutions)`],
  },
  {
    id: 'rating',
    label: 'rating',
    polarity: -1,
    patterns: [`рейтинг${W}|индекс${W}|ранжирован${W}|rating${W}|ranking${W}|ranked|index`],
  },
  {
    id: 'contest-call',
    label: 'contest call',
    polarity: -1,
    patterns: [
      `при[её]м${W}\\s+(?:конкурсн${W}\\s+)?(?:заявок|заявк${W})|(?:заявк${W}|заявок)\\s+(?:[\\p{L}-]+\\s+)?(?:принима${W}|можно\\s+подать|подаются|направля${W})|(?:подать|подавать|подач${W}|направить|прислать|присылают|собирает|собирают)\\s+(?:[\\p{L}-]+\\s+){0,2}(?:заявок|заявк${W})`,
      `положени${W}\\s+о\\s+(?:конкурс${W}|проведени${W})|услови${W}\\s+участи${W}|критери${W}\\s+(?:оценк${W}|отбор${W})|регистраци${W}\\s+участник${W}|порядок\\s+проведения`,
      `(?:старт${W}|начал${W}ся|начина${W}ся|начн[её]т${W}|объявлен${W}|объявил${W}\\s+(?:о\\s+)?старт${W}|открыт[аоы]?|открыл${W}ся|продлен${W}|продлил${W}|launch${W}|open(?:s|ed)?)${GAP(3)}(?:при[её]м${W}|конкурс${W}|отбор${W}|регистраци${W}|сбор${W}|голосован${W}|applications|contest|competition|selection|call|registration|voting)`,
      `(?:могут|смогут|может|приглаша${W}|предлага${W})${GAP(3)}(?:принять\\s+участие|подать|участвовать|направить|прислать|проголосовать)|голосуйте|проголосуйте|голосование\\s+(?:[\\p{L}-]+\\s+){0,2}(?:продлится|пройдет|открыто|стартовал${W}|начал${W}ся|завершится)|можно\\s+проголосовать`,
      `до\\s+\\d{1,2}\\s+(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)${W}`,
      `applications?\\s+(?:are|will\\s+be|can\\s+be|may\\s+be)\\s+(?:accepted|submitted|open)|accepting\\s+applications|submit(?:s|ting)?\\s|call\\s+for\\s+(?:applications|entries|submissions|ideas|proposals)|deadline|application\\s+(?:campaign|period)|applications?\\s+(?:close|open)`,
      `(?:can|may|are\\s+invited\\s+to|is\\s+open\\s+to|invites?)\\s+(?:[\\p{L}-]+\\s+){0,2}(?:take\\s+part|participate|apply|vote|submit)|rules\\s+of\\s+the\\s+(?:contest|competition)|eligible|public\\s+vote|vote\\s+for`,
    ],
  },
  {
    id: 'pending-result',
    label: 'result still to come',
    polarity: -1,
    patterns: [
      `(?:будут|будет)\\s+(?:[\\p{L}-]+\\s+)?(?:выбран${W}|отобран${W}|определен${W}|назван${W}|награжден${W}|объявлен${W}|подведен${W}|оцен${W})|(?:определят|выберут|назовут|наградят|отберут|подведут)\\s|кто\\s+(?:победит|станет)`,
      `will\\s+be\\s+(?:selected|chosen|announced|awarded|named|determined|judged|evaluated)|winners\\s+will|(?:who|which)\\s+will\\s+win`,
    ],
  },
  {
    id: 'forum',
    label: 'forum or round table',
    polarity: -1,
    patterns: [
      `кругл${W}\\s+стол${W}|форум${W}|конференци${W}|сесси${W}|семинар${W}|вебинар${W}|панельн${W}|дискусси${W}|обсудил${W}|обсуждени${W}|обсудят|обменял${W}ся|обмен${W}\\s+опыт${W}`,
      `round\\s+table|forum${W}|conference${W}|panel${W}|discussion${W}|discussed|webinar${W}|seminar${W}|exchang${W}\\s+(?:of\\s+)?(?:best\\s+)?(?:experience|practices)`,
    ],
  },
  {
    id: 'generic-call',
    label: 'generic call to share',
    polarity: -1,
    patterns: [
      `(?:нужно|необходимо|важно|следует|должны|стоит|надо|призвал${W}|призыва${W}|поручил${W})${GAP(3)}(?:активнее\\s+)?(?:обмениват${W}|перенимат${W}|делиться|изучать|учиться|внедрять|распространять|использовать|тиражировать)`,
      `(?:should|need\\s+to|must|urged|called\\s+on|instructed)${GAP(3)}(?:share|exchange|learn|adopt|borrow|spread|use|introduce|implement)`,
    ],
  },
  {
    id: 'appointment',
    label: 'appointment',
    polarity: -1,
    patterns: [`назначен${W}|назначил${W}|освобожд${W}\\s+от\\s+должност${W}|вступил${W}\\s+в\\s+должност${W}|appointed|relieved\\s+of|took\\s+office`],
  },
  {
    id: 'meeting',
    label: 'meeting',
    polarity: -1,
    patterns: [
      `заседани${W}|совещани${W}|наблюдательн${W}\\s+совет${W}|попечительск${W}\\s+совет${W}|встреч${W}|доклад${W}|отчет${W}|послани${W}|прямая\\s+линия|пресс-конференци${W}`,
      `meeting${W}|session${W}|talks|report${W}|address${W}`,
    ],
  },
  {
    id: 'budget',
    label: 'budget or statistics',
    polarity: -1,
    patterns: [`бюджет${W}|статистик${W}|финансирован${W}|субсиди${W}|дотаци${W}|ассигнован${W}|млрд|budget${W}|statistic${W}|funding|subsid${W}|billion`],
  },
  {
    id: 'opinion',
    label: 'opinion',
    polarity: -1,
    patterns: [
      `по\\s+моему\\s+мнению|я\\s+(?:считаю|уверен${W}|думаю)|на\\s+мой\\s+взгляд|колонк${W}|мнени${W}\\s+автор${W}|in\\s+my\\s+(?:view|opinion)|i\\s+(?:believe|think)|opinion|column`,
    ],
  },
];

/** A context of the sentence a cue fires in. */
export interface SentenceContext {
  id: string;
  /** Regex source over folded text; sentences with a match have the context. Absent: computed from the other extractors. */
  pattern?: string;
}

/**
 * Qualifiers take a cue out of the plain statement of a fact, in this order of precedence: a cue in
 * a sentence about a rating, negated ('не вошла'), told as background ('в прошлом году', 'напомним')
 * or hypothetical (a future or modal word just before it: 'будут выбраны', 'могут перенять'). A
 * qualified cue is a feature of its own (`cue:<family>~<qualifier>`), so that the plain cue's weight
 * is learned from plain uses.
 */
export const QUALIFIERS: readonly SentenceContext[] = [
  { id: 'rating', pattern: `рейтинг${W}|rating${W}|ranking${W}` },
  { id: 'negated' },
  { id: 'background', pattern: `напомним|напомню|ранее|в\\s+прошлом\\s+году|год\\s+назад|прошлогодн${W}|в\\s+свое\\s+время|last\\s+year|previously|earlier|recall${W}|a\\s+year\\s+ago` },
  { id: 'hypothetical' },
];

/** Future and modal words that make the cue right after them hypothetical ('будут выбраны', 'могут перенять', 'will be selected'). */
export const HYPOTHETICAL = /^(?:будет|будут|станет|станут|планиру[а-я]*|намерен[а-я]*|может|могут|смогут|сможет|предстоит|должн[а-я]*|хотят|хочет|would|will|may|might|could|plans?|planned|intends?|going|should|can)$/;

/** Words that negate the cue right after them. */
export const NEGATION = /^(?:не|ни|нет|not|no|never|without)$/;

/** Contexts of a plain cue's sentence (`cue:<family>&<context>`). */
export const SENTENCE_CONTEXTS: readonly SentenceContext[] = [
  { id: 'region' },
  { id: 'two-regions' },
  { id: 'municipality', pattern: `муниципалитет${W}|муниципальн${W}\\s+(?:район${W}|округ${W}|образовани${W})|поселени${W}|городск${W}\\s+округ${W}|район${W}|поселок${W}|сел[оау]\\s|станиц${W}|municipalit${W}|district${W}|settlement${W}|town${W}|village${W}` },
  { id: 'named', pattern: `«[^»\\n]{3,}»|"[^"\\n]{3,}"` },
  { id: 'authority', pattern: `министр${W}|министерств${W}|мин[а-я]{3,}\\s+росси${W}|минэкономразвити${W}|минстро${W}|минфин${W}|вице-премьер${W}|премьер${W}|правительств${W}\\s+(?:рф|российской|россии)|президент${W}|кремл${W}|аси|агентств${W}\\s+стратегическ${W}|госсовет${W}|федеральн${W}|minister${W}|ministry|agency|government|president|kremlin|federal|state\\s+council` },
];
