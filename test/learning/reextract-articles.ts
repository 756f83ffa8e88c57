import { InProcessDocumentParser } from '../../functions/adapters/parse-worker/worker-document-parser.js';
import type { Storage } from '../../functions/composition/storage.js';
import { recordFingerprints } from '../../functions/core/dedupe/simhash.js';
import shippedModel from '../../functions/core/extraction/classifier-model.json' with { type: 'json' };
import { EXTRACTOR_VERSION, extractPractice } from '../../functions/core/extraction/extract-practice.js';
import { modelVersionAt, type StoredModel } from '../../functions/core/learning/model-store.js';
import { extractionInputOf } from '../../functions/core/source-definition.js';
import { getSourceProfile } from '../../functions/sources/profiles.js';
import { getSource } from '../../functions/sources/registry.js';

/** One of {@link REEXTRACT_ARTICLES} as ingest stored it. */
export interface StoredArticle {
  id: string;
  url: string;
  rawKey: string;
  /** What the store said: 'created' for a fresh store. */
  kind: string;
}

/**
 * Stores {@link REEXTRACT_ARTICLES} the way ingest stores them, as asi.ru pages under
 * `https://asi.ru/news/<firstNumber + i>/`: the raw page in S3, then the extracted record.
 */
export async function storeReextractArticles(storage: Storage, firstNumber: number): Promise<StoredArticle[]> {
  const source = getSourceProfile('asi-ru');
  const parser = new InProcessDocumentParser({ registry: { getSource } });
  const fetchedAt = '2026-12-01T09:00:00.000Z';
  const stored: StoredArticle[] = [];
  for (const [i, article] of REEXTRACT_ARTICLES.entries()) {
    const url = `https://asi.ru/news/${firstNumber + i}/`;
    const html = asiNewsPage(article);
    const { key } = await storage.rawPages.put({
      bytes: new TextEncoder().encode(html),
      meta: { sourceId: source.id, url, status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, fetchedAt, charset: 'utf-8' },
    });
    const parsed = await parser.parseArticle({ kind: 'article', sourceId: source.id, url, text: html });
    const record = extractPractice(extractionInputOf(parsed, source, fetchedAt));
    const outcome = await storage.practices.recordObservation({
      extraction: record,
      source: { sourceId: source.id, url: record.url, title: record.title, publishedAt: record.publishedAt, rawKey: key, fetchedAt },
      ...recordFingerprints(record),
      observedAt: fetchedAt,
    });
    stored.push({ id: outcome.id, url, rawKey: key, kind: outcome.kind });
  }
  return stored;
}

/** A model that differs from the shipped one (its bias shifted: a lower one, more announcements), promoted as a retrain would. */
export function modelAt(at: Date, biasShift: number): StoredModel {
  const version = modelVersionAt(at);
  return {
    version,
    baseExtractorVersion: EXTRACTOR_VERSION,
    extractorVersion: `${EXTRACTOR_VERSION}+${version}`,
    trainedAt: at.toISOString(),
    trainedOn: [],
    editorExamples: [],
    hyperparameters: shippedModel.hyperparameters,
    model: { ...shippedModel, bias: shippedModel.bias + biasShift },
  };
}

/**
 * Ten short news items written for the re-extraction job tests (not taken from any source), each
 * different enough from the others that none is merged as a near-duplicate, in the markup of
 * asi.ru's news pages (test/sources/asi-ru/fixtures).
 */
export const REEXTRACT_ARTICLES: ReadonlyArray<{ title: string; paragraphs: string[] }> = [
  {
    title: 'Практику Тюменской области по наставничеству для сельских учителей рекомендовали к тиражированию',
    paragraphs: [
      'Наблюдательный совет Агентства стратегических инициатив одобрил практику Тюменской области, в которой опытные педагоги сопровождают молодых учителей сельских школ в течение первых двух лет работы.',
      'Практика включена в библиотеку Смартека и рекомендована к внедрению в других регионах. За три года в программе участвовали более четырёхсот учителей из шестидесяти сёл.',
    ],
  },
  {
    title: 'В Казани открылся новый пешеходный мост через Казанку',
    paragraphs: [
      'Мост длиной двести сорок метров соединил жилой массив Ново-Савиновского района с набережной. Строительство заняло полтора года и велось без перекрытия движения судов.',
      'На мосту установлены подогреваемые пандусы и освещение, которое меняет цвет по праздникам. Городские власти рассчитывают, что переход разгрузит соседнюю автомобильную развязку.',
    ],
  },
  {
    title: 'Опыт Калужской области по сопровождению инвесторов распространят на двенадцать регионов',
    paragraphs: [
      'Минэкономразвития России отобрало региональную практику Калужской области «инвестор под ключ» для тиражирования. Агентство развития региона ведёт каждый проект от выбора площадки до запуска производства.',
      'В течение года команды двенадцати субъектов пройдут обучение в Калуге и адаптируют регламент сопровождения у себя.',
    ],
  },
  {
    title: 'Жители Вологды выбрали дизайн обновлённого городского парка',
    paragraphs: [
      'В онлайн-голосовании приняли участие почти двадцать тысяч человек. Победил проект с прудом, детским городком и площадкой для настольного тенниса.',
      'Работы начнутся весной, подрядчика определят на конкурсе в феврале. Часть деревьев пересадят в соседний сквер.',
    ],
  },
  {
    title: 'Новосибирская практика цифрового приёма в поликлиниках стала победителем всероссийского конкурса',
    paragraphs: [
      'Проект Новосибирской области, позволяющий записаться к узкому специалисту через единое окно и получить направление без повторного визита к терапевту, занял первое место в конкурсе лучших региональных практик.',
      'Организаторы конкурса предложат опыт региона другим субъектам, где очереди к специалистам остаются главной жалобой пациентов.',
    ],
  },
  {
    title: 'На трассе М-5 в Самарской области ограничат движение грузовиков',
    paragraphs: [
      'С понедельника на участке между Тольятти и Сызранью начинается ремонт дорожного покрытия. Грузовые автомобили массой более двенадцати тонн будут двигаться по объездной дороге.',
      'Ограничение продлится до конца месяца. Водителям рекомендуют заранее планировать маршрут.',
    ],
  },
  {
    title: 'Башкортостан перенял у Татарстана систему поддержки семейных ферм',
    paragraphs: [
      'Правительство Республики Башкортостан утвердило программу грантов для семейных животноводческих ферм по образцу соседней республики. Практика Татарстана ранее вошла в перечень рекомендованных Минсельхозом.',
      'Первые гранты фермеры получат уже в следующем сезоне; заявки принимаются через региональный портал госуслуг.',
    ],
  },
  {
    title: 'В Мурманске прошёл фестиваль северного кино',
    paragraphs: [
      'За четыре дня зрители увидели более тридцати фильмов о жизни в Арктике, в том числе работы студентов местного колледжа искусств.',
      'Главный приз жюри получила документальная лента о рыболовецкой артели с Кольского полуострова.',
    ],
  },
  {
    title: 'Псковская модель ранней помощи детям с особенностями развития войдёт в федеральный стандарт',
    paragraphs: [
      'Министерство труда и социальной защиты предложило включить псковскую модель ранней помощи в федеральный стандарт услуг для семей с детьми до трёх лет.',
      'Регионам рекомендовано изучить опыт Псковской области: междисциплинарные команды специалистов работают с семьёй на дому и в центрах помощи.',
    ],
  },
  {
    title: 'В Ярославле отремонтируют девять школьных спортивных площадок',
    paragraphs: [
      'Средства выделены из городского бюджета по итогам обращений родителей. На площадках уложат резиновое покрытие и заменят тренажёры.',
      'Первые четыре площадки откроются к началу учебного года, остальные — до наступления холодов.',
    ],
  },
];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An asi.ru news page (heading, date, paragraphs), in UTF-8. */
export function asiNewsPage(article: { title: string; paragraphs: string[] }): string {
  return `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>${escape(article.title)}</title><meta property="og:title" content="${escape(article.title)}"></head>
<body class="my-style">
<div class="detail">
  <h1>${escape(article.title)}</h1>
  <div class="news-date">01.12.26</div>
  <div class="detail-text">
${article.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}
  </div>
</div>
</body></html>`;
}
