import { describe, expect, it } from 'vitest';
import { tokenise } from '../../functions/core/extraction/lexicon.js';
import { cleanText } from '../../functions/core/extraction/normalise.js';
import { extractPractice } from '../../functions/core/extraction/extract-practice.js';
import { findPeople, nominativeSurname } from '../../functions/core/extraction/people.js';

function people(text: string): Array<{ name: string; role: string | null }> {
  const clean = cleanText(text);
  return findPeople(tokenise(clean), clean, new Set()).people;
}

describe('nominativeSurname', () => {
  it('brings surnames back to the nominative from the case of the given name', () => {
    expect(nominativeSurname('Багреевой', 'f', 'obl')).toBe('Багреева');
    expect(nominativeSurname('Багрееву', 'f', 'acc')).toBe('Багреева');
    expect(nominativeSurname('Ковальской', 'f', 'obl')).toBe('Ковальская');
    expect(nominativeSurname('Собянина', 'm', 'gen')).toBe('Собянин');
    expect(nominativeSurname('Собяниным', 'm', 'ins')).toBe('Собянин');
    expect(nominativeSurname('Текслеру', 'm', 'dat')).toBe('Текслер');
    // An adjectival surname in -ный declines as an adjective ('Юрием Бездудным').
    expect(nominativeSurname('Задорожного', 'm', 'gen')).toBe('Задорожный');
    expect(nominativeSurname('Бездудным', 'm', 'ins')).toBe('Бездудный');
    expect(nominativeSurname('Бездудному', 'm', 'dat')).toBe('Бездудный');
    expect(nominativeSurname('Шойгу', 'm', 'gen')).toBe('Шойгу');
    expect(nominativeSurname('Шапшой', 'm', 'ins')).toBe('Шапша');
    expect(nominativeSurname('Толстым', 'm', 'ins')).toBe('Толстым');
    // Soft stems and the fleeting vowel of -ец.
    expect(nominativeSurname('Чеботарём', 'm', 'ins')).toBe('Чеботарь');
    expect(nominativeSurname('Бондарем', 'm', 'ins')).toBe('Бондарь');
    expect(nominativeSurname('Чеботарю', 'm', 'dat')).toBe('Чеботарь');
    expect(nominativeSurname('Чеботаря', 'm', 'gen')).toBe('Чеботарь');
    expect(nominativeSurname('Ткачом', 'm', 'ins')).toBe('Ткач');
    expect(nominativeSurname('Кравцом', 'm', 'ins')).toBe('Кравец');
    expect(nominativeSurname('Кравца', 'm', 'gen')).toBe('Кравец');
    expect(nominativeSurname('Швецом', 'm', 'ins')).toBe('Швец');
    expect(nominativeSurname('Мельником', 'm', 'ins')).toBe('Мельник');
    // A woman's given name that does not decline reads as a nominative; her surname's '-овой' is none.
    expect(nominativeSurname('Ишмухаметовой', 'f', 'nom')).toBe('Ишмухаметова');
    expect(nominativeSurname('Ковальской', 'f', 'nom')).toBe('Ковальская');
    expect(nominativeSurname('Иванова', 'f', 'nom')).toBe('Иванова');
  });
});

describe('findPeople', () => {
  it('finds Russian names in any case with the title before them, in the nominative', () => {
    expect(people('По словам министра Правительства Москвы, руководителя Департамента экономической политики и развития Марии Багреевой, практика востребована.')).toEqual([
      { name: 'Мария Багреева', role: 'министр Правительства Москвы, руководитель Департамента экономической политики и развития' },
    ]);
  });

  it('reads surname-first names with patronymics, initials and appositive titles', () => {
    expect(people('Руководитель центра Волкова Анна Сергеевна рассказала о проекте.')).toEqual([{ name: 'Анна Сергеевна Волкова', role: 'Руководитель центра' }]);
    expect(people('Как отметил Е.Б. Егоров, проект окупился.').map((p) => p.name)).toEqual(['Е. Б. Егоров']);
    expect(people('Алексей Текслер, губернатор Челябинской области, поблагодарил команду.')).toEqual([{ name: 'Алексей Текслер', role: 'губернатор Челябинской области' }]);
  });

  it('finds English names and strips articles from the role', () => {
    expect(people('According to the Minister of the Government of Moscow, the head of the City Department Maria Bagreeva, the practice works.')).toEqual([
      { name: 'Maria Bagreeva', role: 'Minister of the Government of Moscow, head of the City Department' },
    ]);
  });

  it("finds an English pair whose given name the lists lack right after a title and its place", () => {
    expect(people('Vladimir Putin had a telephone conversation with President of Kazakhstan Kassym-Jomart Tokayev.').map((p) => p.name)).toEqual(['Vladimir Putin', 'Kassym-Jomart Tokayev']);
    // A machine translation keeps an official list's order, the surname first, in Latin letters as in Cyrillic.
    expect(people('The delegation headed by the deputy head of the district Smirnova Olga Nikolaevna visited the museum.').map((p) => p.name)).toEqual(['Olga Nikolaevna Smirnova']);
    expect(people('Dear Aisen Sergeevich, welcome. Thank you, Aisen Sergeevich.').map((p) => p.name)).toEqual([]);
    expect(people('The head of the district Rodionov A.V. congratulated the inhabitants and handed the key to the feldsher Ivanova T.N., who works here.').map((p) => p.name)).toEqual(['A. V. Rodionov', 'T. N. Ivanova']);
    expect(people('The President of Russia Grand Kremlin.')).toEqual([]);
    // A foreign name of any shape right after a capitalised title, ending the clause.
    expect(people('Vladimir Putin had a telephone conversation with President of the Republic of Tajikistan Emomali Rahmon.').map((p) => p.name)).toEqual(['Vladimir Putin', 'Emomali Rahmon']);
    expect(people('He met the Governor of Nizhny Novgorod.')).toEqual([]);
    // A machine translation's long lower-case title after a speech verb, in the Russian order.
    expect(people('"We decided to implement it", - told the minister of the labour and the social development of the Karachay-Cherkess Republic Zaur Batchaev.').map((p) => p.name)).toEqual(['Zaur Batchaev']);
  });

  it('reads no surname alone after a preposition, where no subject stands', () => {
    expect(people('Проект из Хибин вошёл в число лучших.')).toEqual([]);
    expect(people('Путин поздравил регионы.').map((p) => p.name)).toEqual(['Путин']);
  });

  it("takes a given name's gender from the patronymic after it", () => {
    expect(people('В деревне Ерахтур Валентина Ивановна Кудряшова каждое утро идёт к соседке.').map((p) => p.name)).toEqual(['Валентина Ивановна Кудряшова']);
    expect(people('Награду вручили Валентину Ивановичу Петрову.').map((p) => p.name)).toEqual(['Валентин Иванович Петров']);
  });

  it('reads the given names of the North Caucasus, so that a woman after a title in the genitive stays a woman', () => {
    expect(people('— рассказала заместитель министра здравоохранения Дагестана Патимат Алиева.').map((p) => p.name)).toEqual(['Патимат Алиева']);
    expect(people('Глава КБР Казбек Коков вручил награды.').map((p) => p.name)).toEqual(['Казбек Коков']);
  });

  it("does not read a regional parliament's own name after a role noun as a person", () => {
    expect(people('Глава республики призвал депутатов Ил Тумэна к совместной работе.')).toEqual([]);
    expect(people('Закон одобрили депутаты Эл Курултая и Народного Хурала.')).toEqual([]);
    expect(people('Председатель Ил Тумэна Алексей Еремеев выступил с докладом.').map((p) => p.name)).toEqual(['Алексей Еремеев']);
  });

  it('takes a name after a title even when the given name is not in the list', () => {
    expect(people('Министр цифрового развития Максудин Шадаев отметил успех.').map((p) => p.name)).toEqual(['Максудин Шадаев']);
    // In the nominative when both words agree on an oblique case.
    expect(people('Губернатор обратился к главе администрации Ратмиру Мавлиеву.').map((p) => p.name)).toEqual(['Ратмир Мавлиев']);
    expect(people('Встреча с главой района Ратмиром Мавлиевым прошла в мэрии.').map((p) => p.name)).toEqual(['Ратмир Мавлиев']);
    // A man's given name in -я declines as -и, -е, -ю, -ей ('Илью Середюка').
    expect(people('Указом назначен глава Кемерова Илья Середюк; поздравляем Илью Середюка.').map((p) => p.name)).toEqual(['Илья Середюк']);
    // Surnames after initials, by their ending or after a title in the genitive or accusative.
    expect(people('Грамоту вручили главе района Е.В. Яковлевой; приказ подписан Кузнецовым В.А.').map((p) => p.name)).toEqual(['Е. В. Яковлева', 'В. А. Кузнецов']);
    expect(people('Губернатор поздравил главу округа Л.Н. Николаева.').map((p) => p.name)).toEqual(['Л. Н. Николаев']);
    expect(people('По словам Каншаубия Залиханова, заявки готовы.').map((p) => p.name)).toEqual(['Каншаубий Залиханов']);
    // A pair whose given name the lists lack, in a man's oblique case, is the man the text names in the nominative.
    expect(people('Депутаты согласовали кандидатуру Абдулмуслима Абдулмуслимова. Меликов напомнил, что Абдулмуслимов руководил.').map((p) => p.name)).toEqual(['Абдулмуслим Абдулмуслимов', 'Меликов']);
    expect(people('Мария Иванова выступила. Иван Иванов сказал.').map((p) => p.name)).toEqual(['Мария Иванова', 'Иван Иванов']);
    // A double given name in English; nouns shaped like a past verb and names in quotes are no people.
    expect(people('"We see no reason to build our own," said Makhmud-Ali Kalimatov, Head of Ingushetia.').map((p) => p.name)).toEqual(['Makhmud-Ali Kalimatov']);
    expect(people('Победил проект «Сельский кинозал»; гостей угостили «Коломенская пастила»; фонд «Защитники Отечества» помог.')).toEqual([]);
    // A man's surname in -а in the genitive; streets in a list after a street noun; English puts 'Street' after the name.
    expect(people('По словам губернатора Калужской области Владислава Шапши, работа идёт. Встреча с Михаилом Саакашвили.').map((p) => p.name)).toEqual(['Владислав Шапша', 'Михаил Саакашвили']);
    expect(people('Работы пройдут на улицах Татищева, Савушкина, Боевой и Николая Островского.')).toEqual([]);
    expect(people('On Tverskaya Street, Moscow Mayor Sergei Sobyanin signed it.').map((p) => p.name)).toEqual(['Sergei Sobyanin']);
    // A headline's speaker before a colon; two surnames and a plural verb; not a chain of places or a view count.
    expect(people('Орёл — Клычков: по нацпроекту отремонтировано 90 км дорог.').map((p) => p.name)).toEqual(['Клычков']);
    expect(people('Куйвашев и Шумков подписали соглашение о сотрудничестве.').map((p) => p.name)).toEqual(['Куйвашев', 'Шумков']);
    expect(people('Рузаевка – Саранск – Ардатов: в прошлом году ТОСов стало больше.\n10:15, 28 февраля   Просмотров: 934')).toEqual([]);
    // An order's or medal's name is no person.
    expect(people('Орденом Александра Невского награждён Усс Александр Викторович.').map((p) => p.name)).toEqual(['Александр Викторович Усс']);
    // A street named after people; 'first place' and a bracket are no titles.
    expect(people('Офис открылся на улице Доваторцев и на ул. Ленина.')).toEqual([]);
    // An address with an initial in the street's name, abbreviated or transliterated by a machine translation.
    expect(people('Заявки принимаются по адресу: г. Магас, пр. И. Зязикова, 14.')).toEqual([]);
    expect(people('Applications are accepted at the address: Magas, Prospekt I. Zyazikova, 14, cab. 305.')).toEqual([]);
    expect(people('Он живёт на ул. Мира. И. Петров сказал.').map((person) => person.name)).toEqual(['И. Петров']);
    expect(people('Lipetsk Region wins first place in Project Olympus contest. Депутаты Государственного Собрания (Ил Тумэн) приняли бюджет.')).toEqual([]);
    // Both parts of a double surname decline; a name in quotes is no person's.
    expect(people('Медаль «Материнская слава» вручена Марии Лопатиной-Ковалевой.').map((p) => p.name)).toEqual(['Мария Лопатина-Ковалева']);
    // -овым is a man's instrumental even after a given name that does not decline.
    expect(people('Губернатор встретился с главой района Хасанби Кушховым.').map((p) => p.name)).toEqual(['Хасанби Кушхов']);
    // After a title in the genitive, -ова is a man's genitive (a woman's would be -овой).
    expect(people('Указом Главы Республики Калмыкия Бату Хасикова назначен министр.').map((p) => p.name)).toEqual(['Бату Хасиков']);
    // The second of two names joined by 'и' shares the title; a given name ending like an adjective's -им is still a name.
    expect(people('Глава поручил главам районов Аслану Кушхову и Ауесу Дышекову начать работы.').map((p) => p.name)).toEqual(['Аслан Кушхов', 'Ауес Дышеков']);
    expect(people('«Будем смотреть, что можно применить у нас», – сказал Муслим Хучиев.').map((p) => p.name)).toEqual(['Муслим Хучиев']);
  });

  it('does not take places, institutions or months for people', () => {
    expect(people('В мае Вера Правительства не изменилась. Глава Российской Федерации выступил. Мария Москва.')).toEqual([]);
  });

  it('does not take ordinary words, titles or English words for names', () => {
    expect(people('Вместе с губернатором приедут специалисты. Сегодня Петров не выступал.')).toEqual([]);
    expect(people('программа четырёх «Д».\nВместе с мэром в школу приедут врачи.')).toEqual([]);
    expect(people('He met Deputy Prime Ministers and the Chairman of the Committee on Family Protection.')).toEqual([]);
    expect(people('Окончил Омский государственный университет.')).toEqual([]);
    // A verb before a given name and patronymic is no surname; a breadcrumb over a headline is no given name.
    expect(people('Поздравляем Варвару Николаевну и желаем новых успехов!')).toEqual([]);
    expect(people('С.Чупшева: Уважаемый Владимир Владимирович! Проекты готовы.').map((p) => p.name)).toEqual(['С. Чупшева']);
    // 'Им' opening a sentence is the pronoun, 'им.' the abbreviation of 'имени'.
    expect(people('Им стал Игорь Петров. Школа им. Н. И. Пирогова открыта.').map((p) => p.name)).toEqual(['Игорь Петров']);
    expect(people('Главная / Новости\nЧайковский — призёр всероссийского конкурса.')).toEqual([]);
    // An adjective in any case is no given name; an article before two capitalised words makes them a title's.
    expect(people('Губернатор сказал: «Это наш успех на “Проектном Олимпе”».')).toEqual([]);
    expect(people('Three projects reach the final of the Strong Ideas for a New Time selection.')).toEqual([]);
  });

  it('reads names in capitals, with possessives, and English patronymics', () => {
    expect(people('Union President Pavel SMIRNOV said the prize is national.').map((p) => p.name)).toEqual(['Pavel Smirnov']);
    expect(people('Pavel Smirnov’s remarks opened the meeting.').map((p) => p.name)).toEqual(['Pavel Smirnov']);
    expect(people('- Oleg Ivanovich, how did the region climb the rating?')).toEqual([]);
  });

  it('chooses the reading of a given name that its surname and title fit', () => {
    expect(people('Проект поручен вице-губернатору Евгению Мартынову.').map((p) => p.name)).toEqual(['Евгений Мартынов']);
    expect(people('Губернатор назначил Александра Штольца министром.').map((p) => p.name)).toEqual(['Александр Штольц']);
    expect(people('Александра Кузнецова рассказала о проекте.').map((p) => p.name)).toEqual(['Александра Кузнецова']);
    // The speech verb before the name in inverted speech tells the gender ('Валентина' is also the genitive of 'Валентин').
    expect(people('«Это награда всем», — сказала глава поселения Валентина Жукова.').map((p) => p.name)).toEqual(['Валентина Жукова']);
    // A speech verb in the present has no gender, but its subject is in the nominative.
    expect(people('«Главное — не отчётность», — говорит учительница математики из Мценска Валентина Семёнова.').map((p) => p.name)).toEqual(['Валентина Семёнова']);
    expect(people('Письмо Валентина Семёнова пришло вчера.').map((p) => p.name)).toEqual(['Валентин Семёнов']);
    expect(people('«Это общая работа», — отметил глава района Валентин Жуков.').map((p) => p.name)).toEqual(['Валентин Жуков']);
    // The title's case over the genitive that says where ('глава города' is a nominative, 'главы района' a genitive).
    expect(people('В открытии приняли участие глава Якутии Айсен Николаев и глава города Евгения Григорьева.').map((p) => p.name)).toEqual(['Айсен Николаев', 'Евгения Григорьева']);
    expect(people('Письмо главы района Евгения Петрова зачитали на сессии.').map((p) => p.name)).toEqual(['Евгений Петров']);
    expect(people('Грамоту вручили главе района Евгению Петрову.').map((p) => p.name)).toEqual(['Евгений Петров']);
  });

  it('takes no district adjective for a surname, however it is opened', () => {
    expect(people('Лидируют Варненский, Брединский и Троицкий районы.')).toEqual([]);
    expect(people('Лидирует Варненский район.')).toEqual([]);
    expect(people('Глава Айдар Варненский провёл приём.').map((p) => p.name)).toEqual(['Айдар Варненский']);
  });

  it('reads a surname shaped like a town after a given name as the person, there and wherever it stands alone', () => {
    const record = extractPractice({
      sourceId: 'test',
      url: 'https://example.org/news/3',
      title: 'Учитель года',
      publishedAt: null,
      author: null,
      tags: [],
      images: [],
      lead: null,
      bodyText: 'Победителем стала учитель химии из Чебоксар Елена Павлова.\n\nПавлова провела открытый урок. Конструктор Сергей Королёв упомянут в уроке. Встреча с заместителем губернатора Антоном Кольцовым прошла там же.',
    });
    expect(record.people.map((p) => p.name)).toEqual(['Елена Павлова', 'Сергей Королёв', 'Антон Кольцов']);
    // Чебоксары stays; neither Павлово (Nizhny Novgorod Region), Королёв (Moscow Region) nor Кольцово
    // (Novosibirsk Region; 'Кольцовым' is shaped like its adjective) is a place here.
    expect(record.regions.map((r) => r.code)).toEqual(['RU-CU']);
  });

  it('finds an English-written speaker whose given name it does not know, by the surname and the place', () => {
    expect(people('"Kazan has shown how," said Ilnar Faizullin, head of the parks directorate.').map((p) => p.name)).toEqual(['Ilnar Faizullin']);
    expect(people('Aigul Khabirova, head of the centre, spoke first.').map((p) => p.name)).toEqual(['Aigul Khabirova']);
    expect(people('The officials said Grand Kremlin tours will resume.').map((p) => p.name)).toEqual([]);
  });

  it('finds a person whose given name it does not know, by the surname and the text', () => {
    expect(people('На встрече была Сардана Ефремова, глава фонда.').map((p) => p.name)).toEqual(['Сардана Ефремова']);
    expect(people('Проект Иванова понравился жюри, и этот проект поддержали.')).toEqual([]);
  });

  it('reads a surname before two initials, as lists of instructions write it', () => {
    expect(people('Ответственный: Мишустин М.В. Срок – 1 июля. Ответственные: Голикова Т.А., Гладков В.В.').map((p) => p.name)).toEqual(['М. В. Мишустин', 'Т. А. Голикова', 'В. В. Гладков']);
    // Unless a surname follows the initials on their line: they are its ('Подписал М.Н. Багреева').
    expect(people('Документ подписал М.Н. Багреева.').map((p) => p.name)).toEqual(['М. Н. Багреева']);
    expect(people('Ответственный: Мишустин М.В. Срок: 1 июня.').map((p) => p.name)).toEqual(['М. В. Мишустин']);
    expect(people('Мишустин М.В. Хуснуллин М.Ш.').map((p) => p.name)).toEqual(['М. В. Мишустин', 'М. Ш. Хуснуллин']);
    // A letter in quotes before a stop is no initial ('группу «Б». Наибольший рост').
    expect(people('Регион перешёл в группу «Б». Наибольший рост, по данным агентства, показал Ростов.')).toEqual([]);
  });

  it('finds a surname alone when a verb of its gender or a speech verb follows', () => {
    expect(people('Кузнецов поздравил победителей. Итогов было много.').map((p) => p.name)).toEqual(['Кузнецов']);
    expect(people('Орлова отметила рост. Регионов стало больше.').map((p) => p.name)).toEqual(['Орлова']);
    // A man's surname in -я in the instrumental; an adverb opening a sentence is no surname before a name.
    expect(people('Инициатива поддержана губернатором Игорем Руденей.').map((p) => p.name)).toEqual(['Игорь Руденя']);
    expect(people('Встреча прошла у губернатора Игоря Рудени.').map((p) => p.name)).toEqual(['Игорь Руденя']);
    expect(people('Отдельно Антон Германович остановился на трансфертах.')).toEqual([]);
    // A short word in capitals after a body's name is an abbreviation.
    expect(people('В комиссию войдут представители министерства, Корпорации МСП и бизнеса.')).toEqual([]);
    expect(people('Asked about gas, Sokolov said the work goes on.').map((p) => p.name)).toEqual(['Sokolov']);
  });

  it('does not take the namesake of a school or a street for a person in the news', () => {
    expect(people('лицей имени Н. И. Пирогова и school named after Marshal A. I. Proshlyakov')).toEqual([]);
    expect(people('Письмо от имени губернатора передал Иван Сидоров.').map((p) => p.name)).toEqual(['Иван Сидоров']);
    // An award named after a person; the name 'имени' gives ends with its initialled surname.
    expect(people('Орденом Пирогова награждены врачи, медалями Луки Крымского — сотрудники больниц.')).toEqual([]);
    expect(people('учитель школы имени А. Н. Островского города Кинешмы Екатерина Смирнова').map((p) => p.name)).toEqual(['Екатерина Смирнова']);
    // A saint's name gives a church or a feast its name; 'Святослав' is a given name, not the title.
    expect(people('Экскурсия: Морской собор во имя Святителя Николая Чудотворца, храм преподобного Сергия Радонежского, St. Nicholas Cathedral.')).toEqual([]);
    expect(people('Святослав Иванов открыл выставку.').map((p) => p.name)).toEqual(['Святослав Иванов']);
    // An English place named after a person: a given name and a place noun.
    expect(people("Vladimir Putin laid a wreath in Moscow's Alexander Garden near the Peter and Paul Fortress.").map((p) => p.name)).toEqual(['Vladimir Putin']);
  });

  it('finds a headline speaker whose surname has no surname ending, but no label or body before a colon', () => {
    expect(people('Шмидтлер: регион построит две школы\nОбласть получит средства на школы Шмидтлера.').map((p) => p.name)).toEqual(['Шмидтлер']);
    // Written once, in the headline alone, a word before a colon is its topic, not its speaker.
    expect(people('Паводок: в Благовещенске подтоплены участки\nУровень воды растёт.')).toEqual([]);
    // A digest's headline opening with the same word is no second mention of a speaker.
    expect(people('Паводок, ремонт дорог и приём заявок\n\nСобрали главные новости недели.\n\nПаводок: ситуация под контролем\n\nУровень воды растёт.')).toEqual([]);
    // A man's pair in the instrumental with no title near: the given name the lists lack is read from the pair.
    expect(people('Мы подробно разговаривали с Ратмиром Мавлиевым и его заместителями.').map((p) => p.name)).toEqual(['Ратмир Мавлиев']);
    expect(people('Новости дня\nВ области откроют школы. Шмидтлер: школы откроют в срок.\nШмидтлер добавил подробности.').map((p) => p.name)).toEqual(['Шмидтлер']);
    expect(people('Gorbunin: the region will build two schools\nThe work starts in May.').map((p) => p.name)).toEqual(['Gorbunin']);
    expect(people('Итог: регион построит две школы\nТекст.')).toEqual([]);
    expect(people('Пермьстат: население растёт\nТекст.')).toEqual([]);
    expect(people('Повестка\nДоклад: Смирнов А.Б.\nДоклад: Кузьмин В.Г.').map((p) => p.name)).toEqual(['А. Б. Смирнов', 'В. Г. Кузьмин']);
  });

  it('takes no greeting or thanks for a surname, and no name inside an order\'s, a club\'s or a school\'s name', () => {
    expect(people('Спасибо Радию Фаритовичу и его команде за помощь.')).toEqual([]);
    expect(people('Орденом Салавата Юлаева награждён директор завода Айрат Хасанов. Тренер клуба «Салават Юлаев» Рустэм Кашапов получил медаль.').map((p) => p.name)).toEqual(['Айрат Хасанов', 'Рустэм Кашапов']);
    expect(people('Ученики школы имени Ивана Петрова победили, сообщила директор Анна Смирнова.').map((p) => p.name)).toEqual(['Анна Смирнова']);
    expect(people('Награду вручили заведующей отделением Гульназ Ишмухаметовой.').map((p) => p.name)).toEqual(['Гульназ Ишмухаметова']);
  });

  it('brings Tuvan and Nenets names in oblique cases back to the nominative', () => {
    expect(people('По словам начальника управления Ивана Вылки, заявки готовы.').map((p) => p.name)).toEqual(['Иван Вылка']);
    expect(people('Губернатор встретился с главой кожууна Аясом Донгаком и обсудил проект.').map((p) => p.name)).toEqual(['Аяс Донгак']);
    expect(people('Программа появилась при прежнем главе района Оюне Кара-ооле и выросла.').map((p) => p.name)).toEqual(['Оюн Кара-оол']);
    // A long title before a pair whose verb makes it the subject.
    expect(people('Министр по делам молодёжи и спорта и туризма республики Аржаана Сарыглар рассказала о планах.').map((p) => p.name)).toEqual(['Аржаана Сарыглар']);
  });

  it('reads a man\'s oblique case after a title in the dative or where the genitive is due', () => {
    expect(people('Рекомендовать Губернатору Энской области Сидоренкову П.Р. обеспечить приём.').map((p) => p.name)).toEqual(['П. Р. Сидоренков']);
    expect(people('Он поручил главам Верхнего и Нижнего районов Азамату Темирову и Хызыру Бетуганову начать работы.').map((p) => p.name)).toEqual(['Азамат Темиров', 'Хызыр Бетуганов']);
    expect(people('По словам Раиса Гимадиева, работы идут. По словам Раисы Гимадиевой, тоже.').map((p) => p.name)).toEqual(['Раис Гимадиев', 'Раиса Гимадиева']);
  });

  it('reads a decree\'s surname in capitals before the given name and patronymic, in any case', () => {
    expect(people('Присвоить звание: ХАЙРУЛЛИНУ Артуру Ильдаровичу – врачу; СМИРНОВОЙ Ольге Петровне – медсестре.').map((p) => p.name)).toEqual(['Артур Ильдарович Хайруллин', 'Ольга Петровна Смирнова']);
  });

  it('takes \'сказал\' and \'рассказал\' for verbs, not for nouns in -зал', () => {
    expect(people('Петров сказал, что музей откроют. Сидорова рассказала о планах. В кинозале тихо.').map((p) => p.name)).toEqual(['Петров', 'Сидорова']);
    // A title in the nominative after the verb is its subject: the word before is its object.
    expect(people('Призёров наградил губернатор. Кузнецов поздравил министра.').map((p) => p.name)).toEqual(['Кузнецов']);
  });

  it('finds an English pair with an unknown given name as the subject of an auxiliary or before ", who"', () => {
    expect(people('Lenar Safin has been appointed acting rector. He replaces Ilshat Gafurov, who headed the university.').map((p) => p.name)).toEqual(['Lenar Safin', 'Ilshat Gafurov']);
    expect(people('The Kazan Federal University has grown.')).toEqual([]);
  });
});

describe('people in a whole record', () => {
  const record = (title: string, body: string) =>
    extractPractice({ sourceId: 'test', url: 'https://example.org/3', title, publishedAt: null, author: null, lead: null, bodyText: body, tags: [], images: [] });

  it('reads a Tuvan surname written in English with its lower-case part', () => {
    const tyva = record('Acting head of Tyva appointed', 'Vladimir Putin accepted the resignation of Head of the Republic of Tyva Sholban Kara-ool at his own request.');
    expect(tyva.people.map((p) => p.name)).toContain('Sholban Kara-ool');
  });

  it('reads the person who acts as a body both as the body and as a person, and a body as no person', () => {
    const russian = record('Путин поздравил лидеров рейтинга', 'Путин поздравил команды регионов.');
    expect(russian.people.map((p) => p.name)).toEqual(['Путин']);
    expect(russian.organisations.map((o) => o.id)).toEqual(['president-rf']);
    const english = record('Meeting with governors', 'The meeting went well, the Kremlin said on Monday.');
    expect(english.people).toEqual([]);
  });

  it('reads a word shaped like a title or a council right after a given name as the surname it ends like, and the plural noun as none', () => {
    expect(people('Руководитель Рослесхоза Иван Советников заявил, что опыт распространят.').map((p) => p.name)).toEqual(['Иван Советников']);
    expect(people('Об этом Ивану Советникову доложил губернатор.').map((p) => p.name)).toEqual(['Иван Советников']);
    expect(people('На встрече было пять советников губернатора.')).toEqual([]);
  });

  it('keeps a town named like a surname where it reads as a place, beside the person of that name', () => {
    const gagarin = record('Гагарин вошёл в число победителей', 'Проект в городе Гагарине признан лучшим. Юрий Гагарин родился неподалёку.');
    expect(gagarin.people.map((p) => p.name)).toEqual(['Юрий Гагарин']);
    expect(gagarin.regions.map((r) => r.code)).toEqual(['RU-SMO']);
    const volzhsky = record('Волжский стал призёром конкурса', 'Город Волжский вошёл в число призёров.');
    expect(volzhsky.people).toEqual([]);
    expect(volzhsky.regions.map((r) => r.code)).toEqual(['RU-VGG']);
  });

  it('does not read a name as a street after a headline that ends in a street noun, nor a street noun as a name', () => {
    expect(record('Открыт новый участок шоссе', 'Сергей Собянин осмотрел участок. Улица Королёва отремонтирована.').people.map((p) => p.name)).toEqual(['Сергей Собянин']);
  });

  it('reads the same words as one person wherever nothing else decides, as they read where something does', () => {
    const body = 'Староста деревни Лопино Смоленской области Валентина Ковалёва стала победителем конкурса. Валентина Ковалёва двенадцать лет возглавляет деревню.';
    expect(people(body).map((p) => p.name)).toEqual(['Валентина Ковалёва']);
  });

  it('reads a surname with a fleeting vowel in an oblique case as the nominative the text also writes', () => {
    const body = 'Вышло большое интервью Анатолия Локтя. Анатолий Локоть руководит Новосибирском с 2014 года.';
    expect(people(body).map((p) => p.name)).toEqual(['Анатолий Локоть']);
  });

  it('does not read a common noun with a surname ending before a verb as a surname alone', () => {
    expect(people('Цены выросли на 0,12%. Бензин подорожал на 0,02%, дизельное топливо подешевело.')).toEqual([]);
    expect(people('Сорокин заявил, что работа продолжится.').map((p) => p.name)).toEqual(['Сорокин']);
  });

  it('reads no English name from capitalised words near a title unless the second is shaped like a surname', () => {
    expect(people('Rosturizm Head Wants Other Regions to Copy Nizhny Novgorod Tourist Card')).toEqual([]);
    expect(people("Chairman of the Committee on Labour, Social Policy and Veterans' Affairs Yaroslav Nilov has proposed it.").map((p) => p.name)).toEqual(['Yaroslav Nilov']);
    expect(people('Minister of Digital Development Maksut Shadaev said so.').map((p) => p.name)).toEqual(['Maksut Shadaev']);
  });
});
