import { describe, expect, it } from 'vitest';
import { extractPractice } from '../../functions/core/extraction/extract-practice.js';

const article = (title: string, bodyText: string, language: 'ru' | 'en' = 'ru') => ({
  sourceId: 'test',
  url: 'https://example.org/news/1',
  title,
  publishedAt: null,
  author: null,
  lead: null,
  bodyText,
  tags: [],
  images: [],
  language,
});

describe('extractPractice: bylines and regional ministries', () => {
  it('reads a trailing byline as the author, not as a person in the news', () => {
    const record = extractPractice(
      article(
        'Kazan shares its parking practice with other regions',
        'The practice of Kazan was recommended for replication, said Marat Ismagilov, head of the city transport committee.\n\nAuthor: Olga Vetrova',
        'en',
      ),
    );
    expect(record.author).toBe('Olga Vetrova');
    expect(record.people.map((p) => p.name)).toEqual(['Marat Ismagilov']);
  });

  it("reads a byline with a long role after its comma as the author, and a named person's surname in another case as no town", () => {
    const oped = extractPractice(article('Why libraries of practices stall', 'By Roman Belov, an economist who studies regional budgets and their reforms\n\nEvery year ministries publish lists of practices.', 'en'));
    expect(oped.people).toEqual([]);
    const visit = extractPractice(article('Выставка открылась', 'Экспозицию осмотрел министр Денис Мантуров. По словам Мантурова, главная тема — станки.'));
    expect(visit.people.map((p) => p.name)).toEqual(['Денис Мантуров']);
    expect(visit.regions).toEqual([]);
  });

  it('reads a name alone on its line beside the date line as the author, unless the story names that person again', () => {
    const wire = extractPractice(
      article(
        'В Прикамье введут цифровые паспорта сёл по удмуртскому образцу',
        'Краевые власти перенимают практику Удмуртии.\n\nОльга Лебедева\n23 мая 2024, 11:20\n\nПаспорта получат 40 поселений, сообщил министр Алексей Чибисов.',
      ),
    );
    expect(wire.author).toBe('Ольга Лебедева');
    expect(wire.people.map((p) => p.name)).toEqual(['Алексей Чибисов']);
    const column = extractPractice(article('Why Good Practices Travel Slowly', 'Nikolai Ostapenko\n12.03.2024\n\nRussia has built a machinery for spreading good ideas.', 'en'));
    expect(column.author).toBe('Nikolai Ostapenko');
    expect(column.people).toEqual([]);
    // A section's name over the date is no writer; a named official the story quotes stays a person.
    expect(extractPractice(article('Министр посетил центр занятости', 'Новости Минтруда\n12 марта 2021\n\nМинистр осмотрел центр.')).author).toBeNull();
    const quoted = extractPractice(article('Губернатор открыл школу', 'Денис Паслер\n2 сентября 2024\n\nДенис Паслер открыл школу на 1550 мест. «Это лучший подарок», — сказал Паслер.'));
    expect(quoted.author).toBeNull();
    expect(quoted.people.map((p) => p.name)).toEqual(['Денис Паслер']);
  });

  it("reads a column's author line at its end ('Name — credentials') as the writer, unless the name is in the text", () => {
    const column = extractPractice(article('Чужой опыт на вырост', 'Регионы копируют друг друга плохо.\n\nАндрей Веретенников — политолог, доцент кафедры государственного управления\n\nПоделиться:'));
    expect(column.author).toBe('Андрей Веретенников');
    expect(column.people).toEqual([]);
    const caption = extractPractice(article('Школа открыта', 'Андрей Веретенников открыл школу.\n\nАндрей Веретенников — глава района'));
    expect(caption.author).toBeNull();
    expect(caption.people.map((p) => p.name)).toEqual(['Андрей Веретенников']);
  });

  it("reads a correspondent's signature with their place ('Denis Voronin in Moscow') over the date as the writer", () => {
    const signed = extractPractice(article('Volgograd copies Tula', 'Denis Voronin in Moscow\nMarch 20, 2024\n\nThe Volgograd Region has set up a project office.'));
    expect(signed.author).toBe('Denis Voronin');
    expect(signed.people).toEqual([]);
  });

  it("reads an English column's closing line ('Name is a …') as its writer, though the byline names them too", () => {
    const column = extractPractice(article('Best practice runs on slides', 'Opinion\n\nBy Pavel Ostrovsky\n\nRegions are rewarded for uploading ideas.\n\nPavel Ostrovsky is a researcher of regional governance.'));
    expect(column.people).toEqual([]);
    const named = extractPractice(article('Best practice runs on slides', 'Pavel Ostrovsky opened the school.\n\nPavel Ostrovsky is a researcher of regional governance.'));
    expect(named.people.map((p) => p.name)).toEqual(['Pavel Ostrovsky']);
  });

  it("reads a report's signature block (the post, then the initials and the surname) as its signer, unless the text names them", () => {
    const report = extractPractice(article('Отчёт главы района за 2023 год', 'Бюджет района исполнен в полном объёме.\n\nГлава администрации муниципального района\nА.В. Гаврилов'));
    expect(report.author).toBe('А.В. Гаврилов');
    expect(report.people).toEqual([]);
    const named = extractPractice(article('Отчёт главы района за 2023 год', 'Глава района Алексей Гаврилов отчитался перед депутатами.\n\nГлава администрации муниципального района\nА.В. Гаврилов'));
    expect(named.people.map((p) => p.name)).toEqual(['Алексей Гаврилов']);
  });

  it("reads a post's channel name over its time, standing as the title, as the writer", () => {
    const post = extractPractice(article('Максим Егоров', '10:05\n\nПодписал распоряжение о назначении Ольги Мартыновой министром здравоохранения Тамбовской области.'));
    expect(post.title).toBe('Максим Егоров');
    expect(post.author).toBe('Максим Егоров');
    expect(post.people.map((p) => p.name)).toEqual(['Ольга Мартынова']);
    // Written again in the post, the name is in the news.
    const again = extractPractice(article('Денис Паслер', '2 сентября 2024\n\nДенис Паслер открыл школу на 1550 мест.'));
    expect(again.author).toBeNull();
    expect(again.people.map((p) => p.name)).toEqual(['Денис Паслер']);
  });

  it('reads a column author under the headline as the author, and a caption of someone the story quotes as a person', () => {
    const column = extractPractice(article('Набережная как у всех', 'Анна Лебедева, урбанист\n\nПриезжаешь в новый город и видишь знакомое: одинаковые набережные от Калининграда до Хабаровска.'));
    expect(column.author).toBe('Анна Лебедева');
    expect(column.people).toEqual([]);
    // A column's attribution line names its writer in the genitive: not a person in the news.
    const attributed = extractPractice(article('Солнце не для всех', 'Колонка Павла Сорокина, энергетического консультанта\n\nПанели на сельских школах окупаются за двенадцать лет, напоминал Анатолий Чубайс.'));
    expect(attributed.people.map((p) => p.name)).toEqual(['Анатолий Чубайс']);
    const caption = extractPractice(article('Новый парк открыли', 'Сергей Собянин, мэр Москвы\n\nСергей Собянин открыл парк. «Это подарок горожанам», — сказал Собянин.'));
    expect(caption.author).toBeNull();
    expect(caption.people.map((p) => p.name)).toEqual(['Сергей Собянин']);
  });

  it('reads a list of ministries ending in one region as that region\'s ministries, and a federal one named with its country as federal', () => {
    const list = extractPractice(article('Новгородская область запускает пилот', 'В пилоте участвуют министерство цифрового развития, министерство строительства и министерство здравоохранения области.'));
    expect(list.organisations.map((o) => o.id)).toEqual([]);
    const federal = extractPractice(article('Пилот поддержали', 'В пилоте участвуют министерство строительства и министерство здравоохранения области. Министерство строительства Российской Федерации поддержало проект.'));
    expect(federal.organisations.map((o) => o.id)).toEqual(['minstroy']);
    // A list that goes on with another regional body before the region: every ministry in it is the region's.
    const bodies = extractPractice(article('Тверская делегация в Калуге', 'Представители министерства экономического развития, министерства промышленности и торговли и Фонда развития промышленности Тверской области посетили индустриальные парки.'));
    expect(bodies.organisations.map((o) => o.id)).toEqual([]);
  });

  it('knows Bashkir and Tatar given names, so that their surnames are people, not towns', () => {
    const record = extractPractice(article('Операторы кадров', 'Министр семьи, труда и социальной защиты населения республики Ленара Иванова сообщила, что оператор начнёт работать.'));
    expect(record.people.map((p) => p.name)).toEqual(['Ленара Иванова']);
    expect(record.regions.map((r) => r.code)).toEqual([]);
  });

  it('keeps an author the source already found', () => {
    const record = extractPractice({ ...article('Заголовок', 'Текст новости.\n\nАвтор: Иван Петров'), author: 'Редакция' });
    expect(record.author).toBe('Редакция');
    expect(record.people).toEqual([]);
  });

  it('does not take a regional ministry with a longer name for the federal one', () => {
    const regional = extractPractice(
      article(
        'Калужская модель индустриальных парков',
        '«Мы готовы делиться опытом», — рассказал министр экономического развития и промышленности Калужской области Дмитрий Рогачев. Minister of Economic Development and Investment of the Samara Region Denis Yakovlev agreed.',
      ),
    );
    expect(regional.organisations.map((o) => o.id)).not.toContain('minek');
    // A name that runs straight on in a ministry's words before its region.
    const digital = extractPractice(
      article('Электронные дневники', 'Соглашение подписали представители Министерства цифрового развития государственного управления, информационных технологий и связи Республики Татарстан.'),
    );
    expect(digital.organisations.map((o) => o.id)).not.toContain('mincifry');
    const agriculture = extractPractice(article('Делегация', 'Приехали представители министерства сельского хозяйства и перерабатывающей промышленности Краснодарского края.'));
    expect(agriculture.organisations.map((o) => o.id)).not.toContain('minselkhoz');
    // Any genitive words of a longer name, after a comma or 'и', before the region; a verb ends the name.
    const economy = extractPractice(article('Семинар', 'В Министерстве экономического развития и имущественных отношений Чувашской Республики прошёл семинар. Министерство экономического развития, промышленности и науки Архангельской области направило заявку.'));
    expect(economy.organisations.map((o) => o.id)).not.toContain('minek');
    const federal = extractPractice(article('Поддержка', 'Министерство экономического развития поддержало проект Татарстана.'));
    expect(federal.organisations.map((o) => o.id)).toContain('minek');
  });

  it('still finds the federal ministry when it acts together with a regional government', () => {
    const federal = extractPractice(
      article('Соглашение подписано', 'Минэкономразвития России и правительство Калужской области подписали соглашение о тиражировании практики.'),
    );
    expect(federal.organisations.map((o) => o.id)).toContain('minek');
  });

  it("names every federal ministry by its minister's title spelled out with the country, not by a bare title", () => {
    const ids = (text: string) => extractPractice(article('Заголовок', text)).organisations.map((o) => o.id);
    expect(ids('Заместитель министра по развитию Дальнего Востока и Арктики Российской Федерации Олег Иванов выступил.')).toEqual(['minvostokrazvitiya']);
    expect(ids('Вчера министр науки и высшего образования России выступил.')).toEqual(['minobrnauki']);
    expect(extractPractice({ ...article('Title', 'Minister of Science and Higher Education of Russia Ivan Petrov spoke.'), language: 'en' }).organisations.map((o) => o.id)).toEqual(['minobrnauki']);
    expect(ids('Вчера министр науки и высшего образования выступил.')).toEqual([]);
    expect(ids('Вчера министр финансов Челябинской области выступил.')).toEqual([]);
    // The MVD too, though not marked federal (its regional directorates carry its name).
    expect(ids('Выступил заместитель министра внутренних дел Российской Федерации Иван Петров.')).toEqual(['mvd']);
    // "Russia's Finance Minister": the field before 'Minister', as in 'Finance Ministry'.
    const en = (text: string) => extractPractice({ ...article('Title', text), language: 'en' }).organisations.map((o) => o.id);
    expect(en("Russia's Finance Minister Anton Siluanov said so. Russian Health Minister Mikhail Murashko agreed.")).toEqual(['minfin', 'minzdrav']);
    expect(en('The Finance Minister said so.')).toEqual([]);
    expect(en('It is held with the Analytical Center under the Russian Government.')).toEqual(['ac-government']);
  });

  it("does not take another country's or the region's ministry for Russia's", () => {
    const en = (text: string) => extractPractice({ ...article('Title', text), language: 'en' }).organisations.map((o) => o.id);
    expect(en('A delegation from the Ministry of Health of Uzbekistan visited Moscow clinics, and the Kazakh Ministry of Agriculture sent experts.')).toEqual([]);
    expect(en("Consultations are held by the region's Ministry of Economic Development.")).toEqual([]);
    expect(en("Talks were held at the territory's ministry of education.")).toEqual([]);
    // A region ending the sentence before is not the name's ('… объекты Вологды' over 'Министр спорта России …').
    expect(extractPractice(article('Оценил спортивные объекты Вологды', 'Министр спорта России Олег Матыцин посетил Вологодскую область.')).organisations.map((o) => o.id)).toEqual(['minsport']);
    expect(en("The republic's Ministry of Health agreed with Russia's Ministry of Health.")).toEqual(['minzdrav']);
    expect(extractPractice(article('Визит', 'В Москву приехали представители Министерства здравоохранения Республики Узбекистан.')).organisations).toEqual([]);
    // A regional ministry's long name in genitive nouns with no ending or in -а.
    expect(extractPractice(article('Дороги', 'Сообщили в министерстве транспорта и автомобильных дорог Курской области. Поручено министерству транспорта и дорожного хозяйства Свердловской области.')).organisations).toEqual([]);
  });

  it('reads a one-word name of the Government after a bare title as that title', () => {
    const ids = (text: string) => extractPractice(article('Заголовок', text)).organisations.map((o) => o.id);
    expect(ids('«Транспорт должен быть удобным», — сказал глава Кабмина Михаил Мишустин.')).toEqual([]);
    expect(ids('Кабмин утвердил правила.')).toEqual(['government-rf']);
    // A body a name is given after is no mention of it; 'от имени' is.
    expect(ids('УрФУ имени первого Президента России Б. Н. Ельцина выиграл конкурс.')).toEqual([]);
    expect(ids('От имени Президента России выступил полпред.')).toEqual(['president-rf']);
    // A lower-case government of a territory named by its adjective and noun, beside a federal actor.
    expect(ids('Губернатор назвала решение федеральных ведомств оценкой работы правительства автономного округа.')).toEqual([]);
  });
});
