import { describe, expect, it } from 'vitest';
import { ORGANISATIONS, PLATFORMS, findOrganisations, findPlatforms } from '../../functions/core/extraction/organisations.js';
import { tokenise } from '../../functions/core/extraction/lexicon.js';
import { cleanText } from '../../functions/core/extraction/normalise.js';
import { TOPICS, findTopics } from '../../functions/core/extraction/topics.js';
import { findRegionHits } from '../../functions/core/extraction/regions.js';

function organisations(text: string): string[] {
  const tokens = tokenise(cleanText(text));
  const hits = findRegionHits(tokens);
  return findOrganisations(tokens, new Set(hits.map((h) => h.start)), new Set(hits.filter((h) => !h.adjectival).map((h) => h.end))).organisations.map((o) => o.id);
}

describe('organisation catalogue', () => {
  it('has the ids EXTRACTION.md requires, kebab-case and unique', () => {
    const ids = ORGANISATIONS.map((o) => o.id);
    for (const id of ['minek', 'asi', 'gossovet', 'government-rf', 'president-rf', 'moscow-government', 'moscow-depr', 'mvd', 'minstroy', 'minfin']) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it('recognises names in any case, in English and as abbreviations', () => {
    expect(organisations('Минэкономразвития России и Агентством стратегических инициатив')).toEqual(['minek', 'asi']);
    expect(organisations('комиссии Госсовета, МВД, Минстроем и Минфином')).toEqual(['gossovet', 'mvd', 'minstroy', 'minfin']);
    expect(organisations('the Ministry of Economic Development, the ASI and the State Council')).toEqual(['minek', 'asi', 'gossovet']);
    expect(organisations('ДЭПР и Правительство Москвы')).toEqual(['moscow-depr', 'moscow-government']);
  });

  it('tells a mayor from the ministry abbreviated МЭР, and a regional ministry from the federal one', () => {
    expect(organisations('мэр города поручил')).toEqual([]);
    expect(organisations('по данным МЭР')).toEqual(['minek']);
    expect(organisations('Министерство финансов Челябинской области, регионального Минтранса, Chelyabinsk Region Ministry of Finance')).toEqual([]);
  });
});

describe('platforms', () => {
  it('recognises Smarteka in any spelling', () => {
    expect(PLATFORMS.map((p) => p.id)).toContain('smarteka');
    for (const text of ['на платформе «Смартека»', 'в Смартеке', 'the Smarteca platform', 'Smarteka', 'smarteka.com']) {
      expect(findPlatforms(tokenise(cleanText(text))).map((p) => p.id)).toEqual(['smarteka']);
    }
  });
});

describe('topics', () => {
  it('uses kebab-case ids and finds a topic named outright or by two cues', () => {
    for (const topic of TOPICS) expect(topic.id).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
    expect(findTopics(tokenise(cleanText('в категории «Региональное и муниципальное управление»')))).toEqual(['regional-and-municipal-management']);
    expect(findTopics(tokenise(cleanText('Мигранты получают патент быстрее')))).toEqual(['migration']);
    expect(findTopics(tokenise(cleanText('Мигранты приезжают')))).toEqual([]);
  });
});

describe('organisations as EXTRACTION.md counts them', () => {
  it('takes the President as an actor, not in an award, a council or another title', () => {
    expect(organisations('по поручению Президента проект расширят')).toEqual(['president-rf']);
    expect(organisations('Отчёт направили президенту, он одобрил его.')).toEqual(['president-rf']);
    expect(organisations('the President has asked the regions to act')).toEqual(['president-rf']);
    expect(organisations('проект получил грант Президента Российской Федерации')).toEqual([]);
    expect(organisations('Учитель награждена Почётной грамотой Президента Российской Федерации, директор — благодарностью Президента РФ')).toEqual([]);
    expect(organisations('Экскурсии в Московский Кремль; the Moscow Kremlin and VDNKh are popular.')).toEqual([]);
    expect(organisations('на заседании Совета при Президенте по развитию гражданского общества')).toEqual([]);
    expect(organisations('сказал полномочный представитель президента РФ в округе')).toEqual([]);
    expect(organisations('President Ivan Petrov of the republic, our President, the Union President, президент компании, президент Торговой палаты')).toEqual([]);
    expect(organisations('Adviser to the President of the Russian Federation Ivan Petrov said')).toEqual([]);
  });

  it('takes the federal Government when named, and not a regional one or a bare title', () => {
    expect(organisations('в соответствии с постановлением Правительства')).toEqual(['government-rf']);
    expect(organisations('Путин встретится с членами правительства')).toEqual(['president-rf', 'government-rf']);
    expect(organisations('Документ опубликован на сайте кабмина.')).toEqual(['government-rf']);
    expect(organisations('The plan is already with the Government, where talks go on.')).toEqual(['government-rf']);
    expect(organisations('Глава региона обсудил это с членами правительства.')).toEqual([]);
    expect(organisations('правительство области, Правительство Омской области, региональное правительство')).toEqual([]);
    expect(organisations('Председатель Правительства Иван Петров подписал распоряжение')).toEqual([]);
    expect(organisations('заместитель Председателя Правительства Российской Федерации Иван Петров')).toEqual(['government-rf']);
    expect(organisations('support at the federal government level')).toEqual([]);
    expect(organisations('The Russian government will allocate funds to repair bridges.')).toEqual(['government-rf']);
    // A word capitalised only because it opens the sentence does not make a body's name of the next.
    expect(organisations('Глава государства сказал: «Прошу Правительство подготовить предложения».')).toEqual(['president-rf', 'government-rf']);
    // A town's kremlin is a fortress, not the President's office.
    expect(organisations('Церемония прошла в Казанском Кремле, выставку открыли в Нижегородском кремле. В Кремле заявили о поддержке.')).toEqual(['president-rf']);
    // Opening its sentence, the Government is the federal one in a text naming the federal chairman; not where the text names a region's.
    expect(organisations('Правительство утвердило правила конкурса. Правительство выделит средства. Постановление подписал Михаил Мишустин.')).toEqual(['government-rf']);
    expect(organisations('Правительство Омской области приняло решение. Правительство выделит средства.')).toEqual([]);
    expect(organisations('Правительство Москвы приняло решение.')).toEqual(['moscow-government']);
    expect(organisations('Vice President said the plan works.')).toEqual([]);
    // Ministries in the plural are the regions'; the federal ones in short English forms.
    expect(organisations('между министерствами здравоохранения двух регионов подписано соглашение')).toEqual([]);
    expect(organisations("Russia's Economy Ministry said; the Moscow government agreed.")).toEqual(['minek', 'moscow-government']);
    // A body under the Government is another body ('Финансовый университет при Правительстве РФ').
    expect(organisations('Финансовый университет при Правительстве Российской Федерации провёл конференцию.')).toEqual([]);
    expect(organisations('the Analytical Center under the Government of the Russian Federation said')).toEqual(['ac-government']);
    // A machine translation drops the article: 'approved by the Government of Russian Federation'.
    expect(organisations('The results are approved by the Government of Russian Federation.')).toEqual(['government-rf']);
    // A commission of the Government is another body, as a council under the President is.
    expect(organisations('конкурс проводит Комиссия Правительства Российской Федерации по законопроектной деятельности')).toEqual([]);
    expect(organisations('The Government commission on regional development approved the list.')).toEqual([]);
    expect(organisations('The results were approved by the Russian Government Commission on Regional Development.')).toEqual([]);
    // A region's abbreviation after a federal short name; a region's body named alone later is still the region's,
    // unless the text names the country's too.
    expect(organisations('Минсельхоз РБ объявил конкурс.')).toEqual([]);
    // A renamed ministry by its old name; 'Open Government' is another body, though it opens the sentence.
    expect(organisations('Минкомсвязь провела круглый стол.')).toEqual(['mincifry']);
    expect(organisations('Open Government recommends the platform to regions.')).toEqual([]);
    // The Government house is a building, a region's as often as the country's; the bare Government still counts.
    expect(organisations('The Head of the Republic Khakassia met the guests in the Government house.')).toEqual([]);
    expect(organisations('The Government approved the plan.')).toEqual(['government-rf']);
    // A text naming a region's government means it by a lower-case 'правительство' too, a 'премьер' beside it or not.
    expect(organisations('Назначен Председатель Правительства ДНР. «Перед правительством стоят задачи», — сказал он, представляя нового премьера.')).toEqual([]);
    // A regional ministry's long name ends at its territory noun; a plural one ('субъектов') is the regions' in general.
    expect(organisations('сообщили в министерстве экономического развития, инвестиций, туризма и внешних связей области.')).toEqual([]);
    expect(organisations('на сайте министерства транспорта и дорожной инфраструктуры области.')).toEqual([]);
    expect(organisations('Рекомендации направят в Государственную Думу и органы власти субъектов.')).toEqual(['state-duma']);
    // 'Правительство МО' is the Moscow Region's; a company president with his title in apposition is no President.
    expect(organisations('Делегация побывала в Правительстве МО.')).toEqual(['moscow-region-government']);
    expect(organisations('Подписали губернатор и президент, председатель правления Сбербанка Герман Греф.')).toEqual([]);
    // An adjective sharing a territory noun's stem is no region after the name.
    expect(organisations("The Ministry of Economic Development's regional investment standard spread.")).toEqual(['minek']);
    expect(organisations('Госсовет Татарстана принял закон. Решения интересны Госсовету.')).toEqual([]);
    expect(organisations('Госсовет Татарстана принял закон. Госсовет России заседал. Госсовет обсудил.')).toEqual(['gossovet']);
    expect(organisations('министерство труда Ингушетии отметило, что практика вошла в банк Минтруда.')).toEqual(['mintrud']);
    expect(organisations('According to the republic’s Ministry of Finance, hundreds of referendums are held.')).toEqual([]);
    expect(organisations('На сходе был участковый уполномоченный полиции. На месте работают сотрудники полиции.')).toEqual([]);
  });

  it('does not take a mayor, a governor or a minister named by a bare title for their body', () => {
    expect(organisations('мэр Москвы Иван Петров, Moscow Mayor Ivan Petrov')).toEqual([]);
    expect(organisations('министр финансов Иван Петров, Finance Minister Ivan Petrov')).toEqual([]);
    expect(organisations('министр финансов России Иван Петров')).toEqual(['minfin']);
    expect(organisations('Russian Finance Minister Ivan Petrov')).toEqual(['minfin']);
  });

  it('tells a regional ministry of economy from the federal one, in any letter case', () => {
    expect(organisations('министерство экономического развития республики, Министерство экономического развития края')).toEqual([]);
    expect(organisations('the head of government instructed the Ministry of economic development')).toEqual(['minek']);
  });
});
