/**
 * The pages the crash suite's worker fetches, in two editions: the Chelyabinsk government's RSS
 * (full text in `content:encoded`) and kremlin.ru's Atom feed of all events, as those sites serve
 * them (the worker reads only that one of kremlin.ru's two feeds, so no run waits on politeness).
 * Edition 2 adds one article on top of the RSS and rewrites the body of one edited article.
 * Texts written for this suite; each on its own subject, so that none is a near-duplicate.
 */
import { replayTable, type RecordedResponse } from '../../functions/local/replay-server.js';

interface Story {
  slug: string;
  title: string;
  paragraphs: string[];
}

const GOV74: Story[] = [
  { slug: 'kadry-zavod', title: 'На Челябинском трубопрокатном заводе открыли учебный центр для школьников', paragraphs: ['Учебный центр рассчитан на сорок мест: старшеклассники из Первоуральска и Челябинска будут осваивать станки с программным управлением.', 'Занятия ведут инженеры предприятия, а лучшие выпускники получат целевые направления в колледж.', 'Первый набор начнётся в сентябре, заявки принимают школы Челябинска и Первоуральска до конца мая.'] },
  { slug: 'most-miass', title: 'В Миассе после ремонта открыли мост через реку Миасс', paragraphs: ['Движение по мосту восстановлено в обе стороны на три недели раньше срока.', 'Подрядчик заменил пролётные строения, тротуары и освещение, а также уложил новое покрытие.', 'На ремонт из областного бюджета направили сто двадцать миллионов рублей, работы шли с прошлого лета.'] },
  { slug: 'praktika-mfc', title: 'Челябинскую практику «Бизнес-навигатор МФЦ» рекомендовали для тиражирования', paragraphs: ['Агентство стратегических инициатив включило практику Челябинской области в библиотеку «Смартека» и рекомендовало её другим регионам.', 'Команды Курганской и Тюменской областей уже начали изучать опыт коллег.', 'В многофункциональных центрах предприниматель получает помощь навигатора по мерам поддержки за один визит.'] },
  { slug: 'les-pozhary', title: 'Лесные пожарные Южного Урала получили новую технику', paragraphs: ['Лесничества области получили двадцать два пожарных автомобиля повышенной проходимости и пять тракторов.', 'Технику распределят по районам, где весной чаще всего горит сухая трава.', 'Кроме того, в пожароопасный сезон в лесах будут дежурить двенадцать мобильных групп с беспилотниками.'] },
  { slug: 'teatr-gastroli', title: 'Челябинский театр драмы отправится на гастроли в Казань', paragraphs: ['Труппа покажет три спектакля на сцене Качаловского театра в начале апреля.', 'Билеты поступят в продажу через неделю, часть мест отдадут студентам бесплатно.', 'В репертуаре гастролей классическая пьеса Островского и две премьеры этого сезона для детей.'] },
];

/** The article edition 2 puts on top of the RSS. */
const GOV74_NEXT: Story = { slug: 'sport-kvartal', title: 'В Копейске построят спортивный квартал с ледовой ареной', paragraphs: ['Проект включает ледовую арену, бассейн и футбольный манеж, строительство начнётся летом.', 'Объекты будут доступны школьным секциям бесплатно в дневные часы.', 'Завершить строительство планируют через два года, проект финансирует область и частный инвестор.'] };

const KREMLIN_ALL: Story[] = [
  { slug: '80101', title: 'Встреча с губернатором Калужской области', paragraphs: ['Обсуждались развитие индустриальных парков и подготовка кадров для новых производств региона.'] },
  { slug: '80102', title: 'Заседание Совета по стратегическому развитию', paragraphs: ['Участники рассмотрели ход реализации национальных проектов в сфере здравоохранения и образования.'] },
];
const KREMLIN_COUNCIL_STORIES: Story[] = [
  { slug: '90101', title: 'Комиссия Госсовета рекомендовала регионам опыт Татарстана по цифровым услугам', paragraphs: ['Комиссия Государственного Совета по направлению «Экономика и финансы» рекомендовала распространить практику Республики Татарстан по проактивным цифровым услугам для семей с детьми.'] },
];

/** URL of a gov74 story. */
export const gov74Url = (slug: string) => `https://pravmin.gov74.ru/prav/news/ekonomika/2024/03/01/${slug}.htm`;
/** URL of a kremlin.ru story. */
export const kremlinUrl = (section: 'all' | 'state-council', slug: string) =>
  section === 'all' ? `http://kremlin.ru/events/president/news/${slug}` : `http://kremlin.ru/events/state-council/${slug}`;

/** The two articles the editor step edits and approves (the first two of the RSS). */
export const EDITED = [gov74Url(GOV74[0]!.slug), gov74Url(GOV74[2]!.slug)];
/** The edited article whose body edition 2 rewrites (a material change after the editor's work). */
export const REWRITTEN = EDITED[1]!;

/** Every article URL a completed scenario must have stored exactly once. */
export const ALL_URLS = [
  ...GOV74.map((s) => gov74Url(s.slug)),
  gov74Url(GOV74_NEXT.slug),
  ...KREMLIN_ALL.map((s) => kremlinUrl('all', s.slug)),
  ...KREMLIN_COUNCIL_STORIES.map((s) => kremlinUrl('state-council', s.slug)),
];

/** Bodies below 200 characters look like feed teasers to the pipeline, which would then fetch the page: these are longer. */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const html = (story: Story) => story.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('');

function rss(stories: Story[]): string {
  const items = stories
    .map(
      (s, i) =>
        `<item><title>${escape(s.title)}</title><link>${gov74Url(s.slug)}</link><description>${escape(s.paragraphs[0]!)}</description>` +
        `<pubDate>Fri, 0${1 + (i % 8)} Mar 2024 1${i % 10}:00:00 +0500</pubDate><content:encoded><![CDATA[${html(s)}]]></content:encoded></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Правительство Челябинской области</title><link>https://pravmin.gov74.ru/prav/news.htm</link><description>Новости</description>\n${items}\n</channel></rss>\n`;
}

function atom(stories: Array<Story & { section: 'all' | 'state-council' }>): string {
  const entries = stories
    .map((s, i) => `<entry><title>${escape(s.title)}</title><link href="${kremlinUrl(s.section, s.slug)}" rel="alternate"/><id>${kremlinUrl(s.section, s.slug)}</id><published>2024-03-0${1 + i}T12:00:00+04:00</published><summary type="html">${escape(s.paragraphs[0]!)}</summary><content type="html">${escape(html(s))}</content></entry>`)
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru"><title>Президент России</title><id>http://kremlin.ru/events/all/feed</id><updated>2024-03-05T12:00:00+04:00</updated>\n${entries}\n</feed>\n`;
}

/** The replay table of an edition (1 or 2). */
export function edition(n: 1 | 2): Map<string, RecordedResponse> {
  const gov74 = n === 1 ? GOV74 : [GOV74_NEXT, ...GOV74.map((s) => (gov74Url(s.slug) === REWRITTEN ? { ...s, paragraphs: [...s.paragraphs, 'Первые соглашения о внедрении практики подпишут на Уральском экономическом форуме в мае.'] } : s))];
  return replayTable([
    { url: 'https://pravmin.gov74.ru/prav/rss/news.htm', contentType: 'application/rss+xml; charset=utf-8', body: Buffer.from(rss(gov74)) },
    // The feed of all events lists State Council news too, under their own section's URL.
    { url: 'http://kremlin.ru/events/all/feed', contentType: 'application/atom+xml; charset=utf-8', body: Buffer.from(atom([...KREMLIN_ALL.map((s) => ({ ...s, section: 'all' as const })), ...KREMLIN_COUNCIL_STORIES.map((s) => ({ ...s, section: 'state-council' as const }))])) },
  ]);
}
