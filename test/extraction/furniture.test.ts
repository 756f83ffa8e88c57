import { describe, expect, it } from 'vitest';
import { extractPractice } from '../../functions/core/extraction/extract-practice.js';
import { maskFurniture } from '../../functions/core/extraction/furniture.js';
import { cleanText } from '../../functions/core/extraction/normalise.js';

const article = (title: string, bodyText: string, language: 'ru' | 'en' = 'ru') => ({
  sourceId: 'test',
  url: 'https://example.org/news/2',
  title,
  publishedAt: null,
  author: null,
  lead: null,
  bodyText,
  tags: [],
  images: [],
  language,
});

/** What is left of a text once its furniture is masked, spaces collapsed. */
function kept(text: string): string {
  return maskFurniture(cleanText(text)).replace(/[ \t]+/g, ' ').replace(/ ?\n ?/g, '\n').trim();
}

describe('maskFurniture', () => {
  it('keeps the length and the line breaks of the text', () => {
    const text = 'ОМСК, 3 мар — ТАСС. Губернатор выступил.\nФото: Пётр Сидоров\nКонец.';
    const masked = maskFurniture(text);
    expect(masked).toHaveLength(text.length);
    expect(masked.split('\n')).toHaveLength(3);
  });

  it('masks datelines of any agency, in capitals or at a line start', () => {
    expect(kept('ОМСК, 3 мар — ТАСС. Губернатор выступил.')).toBe('Губернатор выступил.');
    expect(kept('НИЖНИЙ НОВГОРОД, 12 апреля. /Интерфакс/. Мэр открыл парк.')).toBe('Мэр открыл парк.');
    expect(kept('PERM, March 3 (Reuters) - The governor spoke.')).toBe('(Reuters) - The governor spoke.');
    expect(kept('Подпись к фото2021ОМСК, 3 мар - РИА Новости. Текст.')).toBe('Текст.');
    expect(kept('Кремль, Москва, 1 июня 2024 года. Президент провёл встречу.')).toBe('года. Президент провёл встречу.');
    // A place in capitals and a dash with no date; an abbreviation of three letters stays text.
    expect(kept('MOSCOW — All Russian regions are to introduce the standard.')).toBe('All Russian regions are to introduce the standard.');
    // A place in capitals and a period before the date, at a line start only.
    expect(kept('MOSCOW. Oct 6 (Interfax) - The minister said.')).toBe('(Interfax) - The minister said.');
    expect(kept('ST. PETERSBURG. June 6 (Interfax) - Moscow leads.')).toBe('(Interfax) - Moscow leads.');
    expect(kept('Это ТАСС. 5 мая будет праздник.')).toBe('Это ТАСС. 5 мая будет праздник.');
    // Interfax's own form: place, date and the agency in capitals, each closed by a period; a sentence after a date is text.
    expect(kept('Москва. 25 января. ИНТЕРФАКС - Минстрой РФ рекомендовал практику.')).toBe('Минстрой РФ рекомендовал практику.');
    expect(kept('Москва. 25 января. Сегодня открыли школу.')).toBe('Москва. 25 января. Сегодня открыли школу.');
    // An author and the outlet alone on a line.
    expect(kept('Текст новости.\nДмитрий Игнатов, «Кубанские новости»')).toBe('Текст новости.');
    // A name alone on one of the last lines after a paragraph's end is the signature; a list of names is not.
    expect(kept('The library grew.\n\nNatalia Alyoshina\n\nRead more news in our Telegram channel')).toBe('The library grew.\n\n\n\nRead more news in our Telegram channel');
    expect(kept('Победителями стали:\nИван Петров\nМария Сидорова')).toBe('Победителями стали:\nИван Петров\nМария Сидорова');
    // An interviewer's byline; a name alone under the headline.
    expect(kept('Текст интервью.\nБеседовала Ирина Соколова')).toBe('Текст интервью.');
    expect(kept('Opinion\nBy Vera Lapina, urban economist\nThe library grew.')).not.toContain('Lapina');
    expect(kept('Op-ed\nBy Pavel Lisitsyn, a Moscow-based economist who advises regional administrations on municipal finance\nThe library grew.')).not.toContain('Lisitsyn');
    expect(kept('By March, the works will be finished.')).toBe('By March, the works will be finished.');
    expect(kept('Малые города получат средства\n\nКирилл Антонов\n\nПроекты из Пензенской, Ульяновской и Самарской областей вошли в число победителей конкурса малых городов.')).not.toContain('Антонов');
    // A social page's channel over the post's time.
    expect(kept('Школьное питание: берём новосибирскую систему\nВиталий Хоценко\nвт, 21:15\n\nС сентября школы переходят на фотоконтроль.')).not.toContain('Хоценко');
    expect(kept('Циклон: что делаем\nВалерий Лимаренко\nсегодня, 07:12\n\nСнег идёт вторые сутки.')).not.toMatch(/Лимаренко|07:12/);
  });

  it("masks a messenger copy's header with the stamp first, whose channel is the writer", () => {
    expect(kept('[16.03.2023 10:12] Владислав Шапша:\nКалужская область перенимает белгородский опыт.')).toBe('Калужская область перенимает белгородский опыт.');
  });

  it("masks a paper's issue line, whose edition names a city the news is not about", () => {
    expect(kept('Газета «Коммерсантъ» (Воронеж) №56 от 31.03.2021\nОрловская область перенимает белгородский опыт.')).toBe('Орловская область перенимает белгородский опыт.');
  });

  it('masks a related-items header with its items on the same line', () => {
    const prose = 'Практика района по вовлечению жителей заняла третье место в номинации конкурса, итоги которого подвела федеральная комиссия в Москве.';
    expect(kept(`Заголовок\n${prose}\nЕщё по теме: Мельниченко представил площадки · В Мордовии открыли парк`)).not.toMatch(/Мельниченко|Мордовии/);
    expect(kept(`Headline\nThe district's practice took third place in the federal contest, the commission said in Moscow on Friday after a vote.\nAlso in Public services: Bashkortostan extends MFC hours · Samara opens a centre`)).not.toMatch(/Bashkortostan|Samara/);
    // A sentence of the article that opens with such words is kept: only after the prose, and with a colon.
    expect(kept(`Заголовок\nПо теме конкурса высказался губернатор.`)).toContain('губернатор');
  });

  it('masks a block of other items\' headlines after the article, not a section label over the headline', () => {
    const prose = 'Практика района по вовлечению жителей заняла третье место в номинации конкурса, итоги которого подвела федеральная комиссия в Москве.';
    const page = `Заголовок\n${prose}\nЧитайте также:\nГубернатор Наталья Комарова вручила награды\nВ Тюменской области подвели итоги конкурса\n© Администрация, 2024`;
    expect(kept(page)).not.toMatch(/Комарова|Тюменской/);
    expect(kept(page)).toContain('третье место');
    expect(kept(`Последние новости\nГубернатор Тюменской области открыл школу\n${prose}`)).toContain('Тюменской');
    expect(kept('АСИ — Агентство стратегических инициатив поддержало проект.')).toBe('АСИ — Агентство стратегических инициатив поддержало проект.');
  });

  it('ends a dateline at its agency: a lead sentence after the dash is text, not an agency', () => {
    expect(kept('КЕМЕРОВО, 14 окт — Министр экономического развития Российской Федерации Максим Решетников посетил центр.')).toBe(
      '— Министр экономического развития Российской Федерации Максим Решетников посетил центр.',
    );
    expect(kept('ТУЛА, 22 мая — Губернатор Тульской области открыл парк')).toBe('— Губернатор Тульской области открыл парк');
    expect(kept('МОСКВА, 5 дек — РИА Новости. Текст.')).toBe('Текст.');
    expect(kept('МОСКВА, 5 дек - ПРАЙМ')).toBe('');
  });

  it('leaves a place with a date inside a sentence alone', () => {
    expect(kept('Форум пройдёт в Омске, 3 марта его откроет губернатор.')).toBe('Форум пройдёт в Омске, 3 марта его откроет губернатор.');
    expect(kept('Лидерами стали Омск, 3 места занял Томск.')).toBe('Лидерами стали Омск, 3 места занял Томск.');
    expect(kept('Форум в Омске 5 июня')).toBe('Форум в Омске 5 июня');
  });

  it('masks date lines and site date widgets', () => {
    expect(kept('Омск\n18 мая ‘24\nСуббота\nТекст новости.')).toBe('Омск\n\nСуббота\nТекст новости.');
    expect(kept('3 апреля 2024 Омск, Кремль\nТекст.')).toBe('Текст.');
    expect(kept('29 марта 2022 года, 15:30, Омск, Кремль\nТекст.')).toBe('Текст.');
    expect(kept('5 июня 2024 года в Омске\nТекст.')).toBe('5 июня 2024 года в Омске\nТекст.');
    expect(kept('August 2, 2022, Novo-Ogaryovo, Omsk Region\nText.')).toBe('Text.');
    // kremlin.ru's place line under its date line is the dateline's place.
    expect(kept('21 сентября 2023 года, 17:00\nНово-Огарёво, Московская область\nВ.Путин: Как прошёл сезон?')).toBe('В.Путин: Как прошёл сезон?');
    expect(kept('October 11, 2023, 14:00\nThe Kremlin, Moscow\nText.')).toBe('Text.');
    // A headline in title case under a date is no place line.
    expect(kept('12.09.2023\nMoscow Metro Tests QR Payments\nText.')).toBe('Moscow Metro Tests QR Payments\nText.');
    // A headline that dates its event in its own words is a headline.
    expect(kept('Заседание Правительства 21 ноября 2024 года\nТекст.')).toBe('Заседание Правительства 21 ноября 2024 года\nТекст.');
  });

  it('masks photo credits to the end of their line, and only credits', () => {
    expect(kept('Губернатор на открытии. Фото: Иван Петров, «Вечерний Омск»\nТекст.')).toBe('Губернатор на открытии.\nТекст.');
    expect(kept('www.site.example Photo: Ivan Petrov / TASS\nText.')).toBe('www.site.example\nText.');
    expect(kept('Снимок: Анна Иванова / РИА Новости')).toBe('');
    // Without a colon, on a line of its own: the credit; inside a sentence, running text.
    expect(kept('Урожай собран.\nФото Андрея ПАНОВА\nТекст.')).toBe('Урожай собран.\n\nТекст.');
    expect(kept('Photo by Ivan Petrov\nText.')).toBe('Text.');
    expect(kept('Фото Андрея Панова сделано вчера.')).toBe('Фото Андрея Панова сделано вчера.');
    expect(kept('There is no point in painting a rosy picture: the governor said so.')).toBe('There is no point in painting a rosy picture: the governor said so.');
    // A credit joined to a label by 'и' at the line's start.
    expect(kept('Дом дружбы открыт.\nТекст и фото: Алия Нурмагамбетова')).toBe('Дом дружбы открыт.\nТекст и');
  });

  it('masks bylines, source lines and links to other articles', () => {
    expect(kept('Текст: Анна Иванова\nОригинал: новость.')).toBe('Оригинал: новость.');
    expect(kept('Originally published by: Omsk Region Government –\nText.')).toBe('Text.');
    expect(kept('Читайте также: Губернатор Омской области посетил Томск\nТекст.')).toBe('Текст.');
    expect(kept('By Ivan Petrov\nBy videoconference, the President met the governors.')).toBe('By videoconference, the President met the governors.');
    expect(kept('(OMSK.RU,\nMarch 3, Anna Ivanova). The mayor spoke.')).toBe('. The mayor spoke.');
  });

  it("masks a district paper's signature: the surname in capitals, maybe the writer's role after it", () => {
    expect(kept('Документы направлены на федеральный этап.\n\nИрина ЖУКОВА')).toBe('Документы направлены на федеральный этап.');
    expect(kept('Лучше не начинать.\n\nНиколай ВЕТРОВ, главный редактор')).toBe('Лучше не начинать.');
    // A list of names is no signature.
    expect(kept('Победители:\nИван ПЕТРОВ\nСергей СИДОРОВ')).toBe('Победители:\nИван ПЕТРОВ\nСергей СИДОРОВ');
  });

  it("masks a press office's sign-off: the name under its role on a line of its own", () => {
    expect(kept('Описания практик направлены в территориальные органы.\n\nОфициальный представитель МВД России\nИрина Волк')).toBe(
      'Описания практик направлены в территориальные органы.\n\nОфициальный представитель МВД России',
    );
    expect(kept('The practices were sent to all regional bodies.\n\nOfficial representative of the MVD of Russia\nIrina Volk')).toBe(
      'The practices were sent to all regional bodies.\n\nOfficial representative of the MVD of Russia',
    );
    // A role that heads a list of people signs nothing.
    expect(kept('Отчёт принят.\n\nПресс-секретари:\nИрина Волк\nАнна Петрова')).toBe('Отчёт принят.\n\nПресс-секретари:\nИрина Волк\nАнна Петрова');
  });

  it("masks a signature closed by a stop, and a columnist's line under a rubric", () => {
    expect(kept('Документы направлены на федеральный этап.\n\nОльга МИХАЙЛОВА.\nФото из архива редакции.')).toBe('Документы направлены на федеральный этап.');
    expect(kept('Конкурсная усталость\nМнение | Колонка\nИрина Белоусова, эксперт по местному самоуправлению\n\nГлава одного района как-то показал мне таблицу конкурсов за год и спросил, зачем их столько.')).toBe(
      'Конкурсная усталость\nМнение | Колонка\n\n\nГлава одного района как-то показал мне таблицу конкурсов за год и спросил, зачем их столько.',
    );
  });

  it("masks a correspondent's sign-off with the town, or the role and the town, after the name", () => {
    expect(kept('Кооперативы откроют ещё в 20 школах.\n\nИрина Котова, Курск')).toBe('Кооперативы откроют ещё в 20 школах.');
    expect(kept('Практики живут в презентациях.\n\nИгорь Белоусов, политолог, Саратов\n\nМнение автора может не совпадать с позицией редакции.')).not.toContain('Белоусов');
    // A list of winners with their towns is no signature.
    expect(kept('Победители:\nИван Петров, Курск\nСергей Сидоров, Орёл')).toBe('Победители:\nИван Петров, Курск\nСергей Сидоров, Орёл');
  });

  it('masks a signature of two writers over the share prompt and a block of other headlines', () => {
    const text =
      'Область готова делиться документацией и проектами домов, сообщил губернатор на встрече с министром.\n\nАндрей Смирнов, Ольга Трубникова\n\nПоделиться:\nЧитайте также:\nВ Вологде начался капремонт трёх школ\nВ Соколе открыли новый цех';
    expect(kept(text)).not.toContain('Смирнов');
    // Without the related block the same lines are within the last three as before.
    expect(kept(text.slice(0, text.indexOf('\nЧитайте')))).not.toContain('Смирнов');
  });

  it("masks a messenger's copy headers: the channel with the post's time in brackets, and a forwarded post's header", () => {
    const text = 'Минэкономразвития Липецкой области, [06.02.2024 09:15]\n[Переслано из Минэкономразвития России]\nСтартовал приём заявок на конкурс.';
    expect(kept(text)).not.toContain('Липецкой');
    expect(kept(text)).not.toContain('Переслано');
    expect(kept(text)).toContain('Стартовал приём заявок на конкурс.');
    expect(kept('Yugra Today, [03.04.2023 10:00]\n[Forwarded from ASI]\nApplications are open.')).toBe('Applications are open.');
    // A sentence with a bracketed date is no header.
    expect(kept('Заявки принимаются до 15 апреля [15.04.2024 18:00] включительно.')).toContain('Заявки');
  });

  it("masks a post's channel copied as its first line, over a forwarded post or over a post that ends in its view count", () => {
    const post = 'Сегодня в Гурьевске открылась новая школа на 1 100 мест. Поздравляю с началом учебного года!';
    expect(kept(`Алексей Беспрозванных\n\n${post}\n\n👁 13.9K   02.09.2024 10:40`)).not.toContain('Беспрозванных');
    expect(kept(`Олег Мельниченко\n\n[Переслано из АСИ | Агентство стратегических инициатив]\n\n${post}`)).not.toContain('Мельниченко');
    expect(kept(`Алексей Русских | Ульяновская область\n\n${post}\n\nПодписаться на канал`)).not.toContain('Русских');
    // Without a messenger's marks a name over a text is no channel.
    expect(kept(`Алексей Беспрозванных\n\n${post}\n\nКонец.`)).toContain('Беспрозванных');
  });

  it("masks a photo credit naming a photo agency after a slash", () => {
    expect(kept('Sobyanin Wins Third Term\nSergei Vedyashkin / Moskva News Agency\n\nMoscow Mayor Sergei Sobyanin has won re-election.')).not.toContain('Vedyashkin');
  });

  it("masks a Telegram repost's header", () => {
    expect(kept('Переслано из: АСИ | Агентство стратегических инициатив\nПрактика вошла в библиотеку.')).toBe('Практика вошла в библиотеку.');
  });

  it('masks a caption with an agency credit', () => {
    expect(kept('Набережная Иртыша, Омск - РИА Новости, 1920\nТекст.')).toBe(', 1920\nТекст.');
  });
});

describe('extractPractice and page furniture', () => {
  it('reads the bodies and places of a lead sentence that opens with a dateline', () => {
    const record = extractPractice(
      article('Опыт распространят', 'КЕМЕРОВО, 14 окт — Министр экономического развития Российской Федерации Максим Решетников и губернатор Тульской области обсудили опыт.'),
    );
    expect(record.organisations.map((o) => o.id)).toContain('minek');
    expect(record.regions.map((r) => r.code)).toEqual(['RU-TUL']);
  });

  it('takes no region, person or organisation from a dateline, a credit or a source line', () => {
    const record = extractPractice(
      article(
        'Томская область получит деньги на школы',
        'ОМСК, 3 мар — ТАСС. Томская область получит 2 млрд рублей на ремонт школ.\nФото: Пётр Сидоров, «Вечерняя Москва»\nЧитайте также: Мэрия Москвы открыла парк',
      ),
    );
    expect(record.regions.map((r) => r.code)).toEqual(['RU-TOM']);
    expect(record.people).toEqual([]);
    expect(record.organisations).toEqual([]);
  });
});
