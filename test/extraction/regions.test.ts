import { describe, expect, it } from 'vitest';
import { tokenise } from '../../functions/core/extraction/lexicon.js';
import { cleanText } from '../../functions/core/extraction/normalise.js';
import { GENERATED_TOWNS_EN, REGIONS, findRegionHits, resolveRegions } from '../../functions/core/extraction/regions.js';

function codes(text: string): string[] {
  const clean = cleanText(text);
  return findRegionHits(tokenise(clean), clean).map((hit) => hit.code);
}

function roles(text: string): Record<string, string> {
  const clean = cleanText(text);
  const tokens = tokenise(clean);
  return Object.fromEntries(resolveRegions(tokens, findRegionHits(tokens, clean)).map((region) => [region.code, region.role]));
}

describe('region catalogue', () => {
  it('lists the 89 federal subjects once each, the six non-ISO ones with documented project codes', () => {
    expect(REGIONS).toHaveLength(89);
    expect(new Set(REGIONS.map((region) => region.code)).size).toBe(89);
    for (const code of ['RU-CR', 'RU-SEV', 'RU-DPR', 'RU-LPR', 'RU-ZAP', 'RU-KHE']) expect(REGIONS.map((r) => r.code)).toContain(code);
  });
});

describe('findRegionHits', () => {
  it('reads a region in every case and as an adjective', () => {
    for (const form of ['Челябинская область', 'Челябинской области', 'Челябинскую область', 'Челябинской областью', 'челябинские предприятия', 'в Челябинске']) {
      expect(codes(form)).toEqual(['RU-CHE']);
    }
  });

  it('knows colloquial names and the capital', () => {
    expect(codes('Подмосковье, Башкирия, Татария, Кузбасс, Югра, Ямал, Питер')).toEqual(['RU-MOS', 'RU-BA', 'RU-TA', 'RU-KEM', 'RU-KHM', 'RU-YAN', 'RU-SPE']);
    expect(codes('столичный опыт')).toEqual(['RU-MOW']);
    expect(codes('в столице Татарстана')).toEqual(['RU-TA']);
    expect(codes('уральская столица')).toEqual([]);
    expect(codes('the mayor of the capital says')).toEqual(['RU-MOW']);
  });

  it('splits coordinated phrases into every subject they name', () => {
    expect(codes('Челябинская и Курганская области')).toEqual(['RU-CHE', 'RU-KGN']);
    expect(codes('в Челябинской, Курганской и Свердловской областях')).toEqual(['RU-CHE', 'RU-KGN', 'RU-SVE']);
    expect(codes('в Москве и Московской области')).toEqual(['RU-MOW', 'RU-MOS']);
    expect(codes('Moscow, Chelyabinsk and Moscow regions')).toEqual(['RU-MOW', 'RU-CHE', 'RU-MOS']);
    expect(codes('the Krasnodar and Stavropol territories')).toEqual(['RU-KDA', 'RU-STA']);
    // A head in the singular is the last name's alone: Moscow here is the city.
    expect(codes('Moscow and Tyumen Region were also among the leaders')).toEqual(['RU-MOW', 'RU-TYU']);
  });

  it('maps cities to their subject', () => {
    expect(codes('Казань, Балашиха, Kazan, Balashikha, Сургут')).toEqual(['RU-TA', 'RU-MOS', 'RU-TA', 'RU-MOS', 'RU-KHM']);
    // Transliterations vary: 'Nizhniy Novgorod' is not Novgorod.
    expect(codes('Nizhniy Novgorod and Nizhniy Tagil')).toEqual(['RU-NIZ', 'RU-SVE']);
    expect(codes('трассу продлят к Дюртюлям; the campus on Russky Island')).toEqual(['RU-BA', 'RU-PRI']);
    expect(codes('the Yamal-Nenets Autonomous Area and the Nenets Autonomous Area')).toEqual(['RU-YAN', 'RU-NEN']);
    expect(codes('В РС(Я) объявлен конкурс.')).toEqual(['RU-SA']);
    // A capital with a fleeting vowel ('Орёл' → 'Орла'); the bird in lower case is no town.
    expect(codes('В Заводском районе Орла отключат воду.')).toEqual(['RU-ORL']);
    // A hyphenated town whose first part drops its vowel ('Камень-на-Оби' → 'в Камне-на-Оби').
    expect(codes('Набережную открыли в Камне-на-Оби, жители Камня-на-Оби рады.')).toEqual(['RU-ALT', 'RU-ALT']);
    expect(codes('На фасаде восстановили двуглавого орла.')).toEqual([]);
    // A town whose adjective is an ordinary word is not named by it (Волжск is in Mari El).
    expect(codes('при строительстве Волжской ГЭС; в Волжске')).toEqual(['RU-ME']);
    // A list item or a table row is content, not a place alone on a furniture line.
    expect(codes('Регионы:\n– Удмуртская Республика\n1 | Москва | 95,3\nСанкт-Петербург 87,8')).toEqual(['RU-UD', 'RU-MOW', 'RU-SPE']);
    // So is a post's line opened by an emoji; a place alone on a line is still furniture.
    expect(codes('Победители:\n🥇 Кизляр (Республика Дагестан)\n🥈 Бугульма (Республика Татарстан)')).toEqual(['RU-DA', 'RU-DA', 'RU-TA', 'RU-TA']);
    expect(codes('Итоги года\nКазань\nВ регионе открыли школы.')).toEqual([]);
    // The port of Ust-Luga, in both languages.
    expect(codes('Паромная линия Усть-Луга — Балтийск; the ferry from Ust-Luga')).toEqual(['RU-LEN', 'RU-KGD', 'RU-LEN']);
    // A town in -о has no shorter case form ('поэт Пушкин' is not Пушкино); a plural town's genitive is shorter.
    expect(codes('поэт Пушкин жил здесь; в Пушкино открыли школу; гости из Чебоксар')).toEqual(['RU-MOS', 'RU-CU']);
    // Towns added in the seventh session.
    expect(codes('в Тарусе, Чухломе и Мышкине')).toEqual(['RU-KLU', 'RU-KOS', 'RU-YAR']);
    // A railway line named after where it runs to, a railway company's name.
    expect(codes('электрички Курского направления; поезд Московской железной дороги; в Курской области')).toEqual(['RU-KRS']);
    // A region's adjective beats the town's it could come from (Амурск is in Khabarovsk Krai).
    expect(codes('Амурский стандарт; в Амурске')).toEqual(['RU-AMU', 'RU-KHA']);
    // Hyphenated towns in their case forms, whichever part inflects.
    expect(codes('мэры Комсомольска-на-Амуре; в Петропавловске-Камчатском; из Ростова-на-Дону; в Каменске-Уральском')).toEqual(['RU-KHA', 'RU-KAM', 'RU-ROS', 'RU-SVE']);
    // A town's adjective in lower case names the town; not a capitalised one (a district or a body's name),
    // nor one that is an ordinary word (Татарск, Партизанск).
    expect(codes('благовещенского вуза; в сургутских школах; Казанский район; татарских сёл; партизанских отрядов')).toEqual(['RU-AMU', 'RU-KHM']);
    // An adjective two towns share names neither: 'артёмовский' is Artyom's (Primorye) and Artyomovsk's (the DPR);
    // 'боровский' stays Borovsk's, Bor's being 'борский'.
    expect(codes('артёмовскую «народную приёмку» дворов; экспонаты боровского музея')).toEqual(['RU-KLU']);
    // A plural's ending after a consonant town's whole name is no case form of it: a street of the Communards, burial mounds.
    expect(codes('в Ельце — ремонт улицы Коммунаров; в курганах нашли монеты; в Коммунаре открыли парк')).toEqual(['RU-LIP', 'RU-LEN']);
    // After an address's abbreviated street noun any name is the street's.
    expect(codes('(г. Сургут, ул. Энгельса, 10, каб. 214); в Энгельсе открыли школу')).toEqual(['RU-KHM', 'RU-SAR']);
    // A machine translation's acronym of the Jewish Autonomous Oblast.
    expect(codes('In the Government of the JAO the strategic session took place.')).toEqual(['RU-YEV']);
    // …and of a region's one-word name ('Кузбасс', 'Ямал').
    expect(codes('среди кузбасских предприятий и ямальских оленеводов')).toEqual(['RU-KEM', 'RU-YAN']);
    // A place inside a quoted name: a metro station, a road agency named after its route.
    expect(codes('на станции «Тверская»; станции «Курская», «Тверская» и «Чеховская»; ФКУ Упрдор «Москва — Волгоград»; в Казани')).toEqual(['RU-TA']);
    // After 'the', an English plural head covers the whole list.
    expect(codes('It runs through the Moscow, Vladimir and Nizhny Novgorod regions.')).toEqual(['RU-MOS', 'RU-VLA', 'RU-NIZ']);
    expect(codes('in Moscow, Chelyabinsk and Moscow regions')).toEqual(['RU-MOW', 'RU-CHE', 'RU-MOS']);
    expect(codes('северный завоз на Таймыре')).toEqual(['RU-KYA']);
    // Towns whose vowel drops in the oblique cases; a consonant-final town's '-ой' is its adjective, and a hill
    // named after it is no mention.
    expect(codes('главы Ельца и Череповца, в Торжке; во Владивостоке')).toEqual(['RU-LIP', 'RU-VLG', 'RU-TVE', 'RU-PRI']);
    expect(codes('на Воскресенской горе; под Воскресенском; Смоленской и Витебской областей')).toEqual(['RU-MOS', 'RU-SMO']);
    // A special economic zone's name in quotes.
    expect(codes('особые экономические зоны «Липецк» и ОЭЗ «Тольятти»')).toEqual([]);
    // A town's instrumental in -ском only after a preposition that takes it; else a city district's adjective.
    expect(codes('в районах города – Калининском, Дзержинском и Ленинском')).toEqual([]);
    expect(codes('под Дзержинском и между Нижним Новгородом и Дзержинском')).toEqual(['RU-NIZ', 'RU-NIZ', 'RU-NIZ']);
    // 'Банк Москвы' is a name, 'университеты Томска' in the plural are the city's.
    expect(codes('Банк Москвы и университеты Томска')).toEqual(['RU-TOM']);
  });

  it('does not take streets, districts, common words or "Russia" for regions', () => {
    expect(codes('на Тверской улице и в Кировском районе')).toEqual([]);
    expect(codes('ямы на дорогах, рост доходов, регионы России')).toEqual([]);
    expect(codes('На заседании')).toEqual([]);
  });

  it('maps smaller towns and residents to their subject', () => {
    expect(codes('в Кумертау, Лабытнанги и Костомукше; глава Уварова; Kostomuksha')).toEqual(['RU-BA', 'RU-YAN', 'RU-KR', 'RU-TAM', 'RU-KR']);
    expect(codes('пензенцы и туляки, для омичей, с калужанами')).toEqual(['RU-PNZ', 'RU-TUL', 'RU-OMS', 'RU-KLU']);
    expect(codes('Калужская обл. и Тверская обл.')).toEqual(['RU-KLU', 'RU-TVE']);
  });

  it("reads a town's colloquial short name and a subject's districts in the plural", () => {
    expect(codes('Это самый протяжённый участок ремонта в Челнах в этом сезоне.')).toEqual(['RU-TA']);
    expect(codes('В прошлом году липецкие районы и округа дважды выходили в финал.')).toEqual(['RU-LIP']);
    // A town in a soft -ль keeps its sign in the adjective; North Ossetia's short name with its abbreviation.
    expect(codes('Собрание депутатов Чебаркульского городского округа приняло бюджет.')).toEqual(['RU-CHE']);
    // A town named by an adjective and a noun gives its district one joined adjective ('Старый Оскол' → 'Старооскольский').
    expect(codes('Собрание депутатов Верхнеуфалейского городского округа приняло бюджет.')).toEqual(['RU-CHE']);
    expect(codes('Глава Старооскольского городского округа провёл приём.')).toEqual(['RU-BEL']);
    expect(codes('Совет Старорусского муниципального округа собрался.')).toEqual(['RU-NGR']);
    expect(codes('Великоустюгский округ отчитался, и Новоуренгойского района тоже нет.')).toEqual(['RU-VLG', 'RU-YAN']);
    // Any adjective or possessive before the noun, joined ('Лодейное Поле', 'Белая Калитва', 'Верхняя Пышма') or hyphenated
    // ('Сергиев Посад', 'Мариинский Посад', 'Советская Гавань', 'Павловский Посад' after the village of Павлово).
    expect(codes('Глава Лодейнопольского района и Белокалитвинского района.')).toEqual(['RU-LEN', 'RU-ROS']);
    expect(codes('Совет Верхнепышминского городского округа собрался.')).toEqual(['RU-SVE']);
    expect(codes('Администрация Сергиево-Посадского городского округа сообщила.')).toEqual(['RU-MOS']);
    expect(codes('Глава Мариинско-Посадского муниципального округа и Советско-Гаванского района.')).toEqual(['RU-CU', 'RU-KHA']);
    expect(codes('В Павлово-Посадском городском округе и Гаврилово-Посадском районе.')).toEqual(['RU-MOS', 'RU-IVA']);
    expect(codes('В комиссию вошли представители министерства РСО-Алания.')).toEqual(['RU-SE']);
    // A town whose name is an ordinary word ('Короче, …') only where the text reads it as a place.
    expect(codes('Короче, не всё у нас плохо. А в Короче открыли школу.')).toEqual(['RU-BEL']);
    // One district in the singular may be named after anything.
    expect(codes('Жители в кировском районе жалуются на дороги.')).toEqual([]);
  });

  it("does not read a people's culture in English as its region", () => {
    expect(codes('A festival of Buryat and Russian village traditions; Kalmyk folk dances and Tatar and Bashkir folk songs.')).toEqual([]);
    // The people's name before anything else, and a region's own name before a culture's noun, are the region.
    expect(codes('Bashkir honey and Buryat schools; a Yakutia music festival.')).toEqual(['RU-BA', 'RU-BU', 'RU-SA']);
  });

  it("reads a region's English names made from its Russian short name", () => {
    expect(codes('Neighbours such as the Zabaikalye Territory and Tyva face the same distances; Transbaikalia too.')).toEqual(['RU-ZAB', 'RU-TY', 'RU-ZAB']);
  });

  it('finds in English text a town the catalogue lists only in Russian, by its transliteration', () => {
    expect(codes('The embankment of Lake Seliger in Ostashkov has reopened.')).toEqual(['RU-TVE']);
    expect(codes('Trains stop in Bologoye and Vyshny Volochyok; Zapadnaya Dvina and Krasny Kholm got new schools.')).toEqual(['RU-TVE', 'RU-TVE', 'RU-TVE', 'RU-TVE']);
    expect(codes('A bypass around Kamensk-Uralskiy, a new school in Glazov.')).toEqual(['RU-SVE', 'RU-UD']);
    expect(GENERATED_TOWNS_EN.get('RU-TVE')!.map((town) => town.name)).toContain('Ostashkov');
    // The hand-listed spelling stays; a made one that another subject lists or makes is left out.
    expect(GENERATED_TOWNS_EN.get('RU-TVE')!.map((town) => town.name)).not.toContain('Rzhev');
    expect([...GENERATED_TOWNS_EN.values()].flat().map((town) => town.name)).not.toContain('Zheleznogorsk');
    expect(codes('Zheleznogorsk opened a new plant.')).toEqual([]);
  });

  it('makes no English town of a name protected in Russian, a given name, an ordinary word or a very short name', () => {
    const made = [...GENERATED_TOWNS_EN.values()].flat().map((town) => town.name);
    // Чехов and Владимир are `placeOnly`: in English they are read as people.
    expect(made).not.toContain('Chekhov');
    expect(codes('A festival of Chekhov plays opened, and Vladimir Putin sent greetings.')).toEqual([]);
    // Салават is a given name (hand-listed all the same), Саки an English word ('saki'), Кемь too short.
    for (const name of ['Salavat', 'Saki', 'Kem']) expect(made).not.toContain(name);
    // A made town's name after a given name is a surname; after 'the', a river.
    expect(codes('Ivan Glazov said the bridge across the Volkhov will reopen.')).toEqual([]);
  });

  it('does not count a place inside the name of a court, company, outlet, event or culture', () => {
    expect(codes('Пермский краевой суд и Арбитражный суд Омской области')).toEqual([]);
    expect(codes('Tula Power Company, the Omsk Post and the Bank of Kazan')).toEqual([]);
    expect(codes('Красноярский экономический форум, фонд «Тульская инициатива», традиции удмуртской культуры')).toEqual([]);
    expect(codes('ход строительства Амурского газоперерабатывающего завода')).toEqual([]);
    expect(codes('«Вечерняя Москва» пишет')).toEqual([]);
    expect(codes('памятник строителям Мариинской водной системы; солисты Мариинского театра')).toEqual([]);
    expect(codes('Правительство Омской области и Omsk Region Government')).toEqual(['RU-OMS', 'RU-OMS']);
  });

  it("reads no region in words that share an indeclinable name's stem, or in a capital on a lake", () => {
    // Коми does not decline: 'Кому подойдёт' (a Smarteka card's heading), 'кома', 'ком' are ordinary words.
    expect(codes('Кому подойдёт практика? Кома и ком земли.')).toEqual([]);
    expect(codes('В Коми открыли школу.')).toEqual(['RU-KO']);
    // 'Столица на Онего' is a Petrozavodsk outlet, not Moscow; 'в столице на выходных' still is.
    expect(codes('Столица на Онего сообщает о ремонте.')).toEqual([]);
    expect(codes('В столице на выходных прошёл форум.')).toEqual(['RU-MOW']);
  });

  it('knows the EAO and Pavlovo Posad in English', () => {
    expect(codes('The delegation of the EAO studied the experience.')).toEqual(['RU-YEV']);
    expect(codes('Pavlovo Posad shawls: the manufactory opens a workshop; the town of Pavlovo makes locks.')).toEqual(['RU-MOS', 'RU-NIZ']);
  });

  it('reads a road, a river and an ethnic culture named after a place as no mention of it, in either language', () => {
    expect(codes('ремонт Московского тракта')).toEqual([]);
    expect(codes('A festival of Kalmyk culture and Bashkir cuisine; Chuvash language lessons.')).toEqual([]);
    expect(codes('The Voronezh river rose; fishing on the river Voronezh.')).toEqual([]);
    // The same adjectives still name their republics, and 'traditionally' is no head noun.
    expect(codes('The Kalmyk delegation arrived. Moscow traditionally leads.')).toEqual(['RU-KL', 'RU-MOW']);
  });

  it('counts a municipal okrug named after a region, but not a city district or a village', () => {
    expect(codes('Тамбовский муниципальный округ получил грант')).toEqual(['RU-TAM']);
    expect(codes('в Кировском районе города, Кировское сельское поселение')).toEqual([]);
    expect(codes('дорога «Бердск — Донское» и участок от Донского до моря')).toEqual(['RU-NVS']);
    expect(codes('третье место у Белгородской области, четвёртое — у Воронежской.')).toEqual(['RU-BEL', 'RU-VOR']);
    // A city's district named like a town elsewhere ('Пролетарск' is in the Rostov region); the town itself still counts.
    expect(codes('В Пролетарском округе Тулы открыли школу, в Пролетарском районе города — сквер.')).toEqual(['RU-TUL']);
    expect(codes('Учения прошли под Пролетарском.')).toEqual(['RU-ROS']);
    expect(codes('new schools in the New Moscow territories; в Новой Москве')).toEqual(['RU-MOW', 'RU-MOW']);
    // The city's adjective before 'областной' is the Moscow Region's body; Moscow time is no place.
    expect(codes('Депутаты Московской областной думы приняли закон. Московский областной суд отклонил иск.')).toEqual(['RU-MOS']);
    expect(codes('Начало в 12:00 по московскому времени.')).toEqual([]);
    // The capital of the republic the text is about is not Moscow.
    expect(codes('В столице республики открылись школы, в столице края — мост. В столице прошёл форум.')).toEqual(['RU-MOW']);
    // A region-named okrug of another region, a street and a village named after a place, a river, a people's tales.
    expect(codes('Делегация Курского муниципального округа Ставропольского края прибыла.')).toEqual(['RU-STA']);
    expect(codes('Тамбовский муниципальный округ получил грант.')).toEqual(['RU-TAM']);
    expect(codes('Ремонт на улице Курганской; в селе Мантурово провели газ.')).toEqual([]);
    // A town two subjects share is the capital's, by its name or its adjective, unless the text names the other.
    expect(codes('В Благовещенске открыли мост; студенты благовещенского вуза.')).toEqual(['RU-AMU', 'RU-AMU']);
    expect(codes('В Благовещенске Республики Башкортостан подтоплены участки.')).toEqual(['RU-BA', 'RU-BA']);
    // A town's district named like a town elsewhere; a canal named after a city.
    expect(codes('Школа на 1100 мест в микрорайоне Пестово Балашихи.')).toEqual(['RU-MOS']);
    expect(codes('Благоустройство набережной канала имени Москвы продолжится.')).toEqual([]);
    // English adjectives of the republics, as their Russian ones: 'a Buryat project' is Buryatia's.
    expect(codes('A Buryat project was added to the library; the Yakut model and the Chuvash one followed.')).toEqual(['RU-BU', 'RU-SA', 'RU-CU']);
    // A village of a region named in full is in that region.
    expect(codes('МФЦ в вахтовом посёлке Ямало-Ненецкого автономного округа работает по сменам.')).toEqual(['RU-YAN']);
    expect(codes('В посёлке Московской области открыли школу.')).toEqual(['RU-MOS']);
    // A street named after a person whose name is also a town's; 'площадь' is also an area.
    expect(codes('На улице Кирова и на ул. Королёва отремонтировали тротуары; делегация из Кирова.')).toEqual(['RU-KIR']);
    // A street named by a region's adjective after the abbreviated noun, as after the full one.
    expect(codes('В Сызрани цистерна будет стоять у дома № 14 по ул. Астраханской и на пр. Московском.')).toEqual(['RU-SAM']);
    expect(codes('Площадь Москвы выросла.')).toEqual(['RU-MOW']);
    expect(codes('Вода в реке Урал снижается; в Урае открыли школу.')).toEqual(['RU-KHM']);
    // A strait, a bay or a sea named by a town's adjective is the water ('Татарский пролив' is no Tatarsk).
    expect(codes('Ребята знакомятся с историей портов Татарского пролива и Азовского моря.')).toEqual([]);
    // 'в столицы' is the plural: capitals, not Moscow; 'из столицы' is the singular.
    expect(codes('Нужно чаще выезжать к соседям, и не обязательно в столицы.')).toEqual([]);
    expect(codes('Делегация приехала из столицы.')).toEqual(['RU-MOW']);
    // In a text about one subject that names its capital, the bare word is that capital.
    expect(new Set(codes('Волжск перенимает опыт Йошкар-Олы. «В столице мы за два сезона сократили жалобы», — сказал мэр.'))).toEqual(new Set(['RU-ME']));
    expect(codes('Делегация Татарстана побывала в столице.')).toEqual(['RU-TA', 'RU-MOW']);
    expect(codes('урок на ненецких сказках и татарские песни')).toEqual([]);
    expect(codes('рядом с Благовещенским собором и Троицким храмом')).toEqual([]);
  });

  it('does not count a place alone on a short line of page furniture', () => {
    expect(codes('Омск\n12 мая\nНовость о Томске.')).toEqual(['RU-TOM']);
    expect(codes('Cows. Omsk\nThe Tomsk region leads.')).toEqual(['RU-TOM']);
  });

  it('tells apart towns of two subjects that share a stem, by the ending and by the text\'s other places', () => {
    expect(codes('Сквер в Печорах открыли; гости из Печор')).toEqual(['RU-PSK', 'RU-PSK']);
    expect(codes('Каток в Печоре открыли; дорога на Печору')).toEqual(['RU-KO', 'RU-KO']);
    expect(codes('Печоры вошли в финал конкурса')).toEqual(['RU-PSK']);
    expect(codes('Автобус из Печоры в Ухту')).toEqual(['RU-KO', 'RU-KO']);
    // 'Печоры' is also the genitive of Печора: the subject the text names decides.
    expect(codes('Жители Печоры довольны, сообщили в Псковской области')).toEqual(['RU-PSK', 'RU-PSK']);
    expect(codes('Жители Печоры довольны, сообщили в Республике Коми')).toEqual(['RU-KO', 'RU-KO']);
    expect(codes('в Волжском открыли парк; в Волжске открыли сквер')).toEqual(['RU-VGG', 'RU-ME']);
    // Киров is also a town of the Kaluga Region: the capital of the Kirov Region unless the text is about Kaluga's.
    expect(codes('В Кирове открыли завод.')).toEqual(['RU-KIR']);
    expect(codes('В городе Кирове Калужской области открыли завод.')).toEqual(['RU-KLU', 'RU-KLU']);
    // Краснослободск is a town of Mordovia and of the Volgograd Region.
    expect(codes('В Краснослободске открыли центр, сообщили в Волгоградской области.')).toEqual(['RU-VGG', 'RU-VGG']);
    expect(codes('В Краснослободске открыли центр, сообщили в Мордовии.')).toEqual(['RU-MO', 'RU-MO']);
  });

  it('counts a town named like a common given name only in its mentions that read as a place', () => {
    expect(codes('Форум прошёл во Владимире. Владимир Путин выступил на нём.')).toEqual(['RU-VLA']);
    expect(codes('Делегация из Владимира приехала в Тулу.')).toEqual(['RU-VLA', 'RU-TUL']);
    expect(codes('Владимир Путин поддержал проект.')).toEqual([]);
    expect(codes('Средства, по словам главы города Владимира Пешкова, направят на парки.')).toEqual([]);
  });

  it('counts a town named like a surname or an ordinary adjective only where a mention reads as a place', () => {
    expect(codes('Город Волжский стал призёром. Волжский — второй город области.')).toEqual(['RU-VGG', 'RU-VGG']);
    expect(codes('Наукоград Королёв вошёл в индекс, в Жуковском открыли технопарк.')).toEqual(['RU-MOS', 'RU-MOS']);
    expect(codes('Королёв стал конструктором. Жуковский сказал, что музей откроют.')).toEqual([]);
    expect(codes('Проект поддержал Жуковский районный совет; Волжский район')).toEqual([]);
    expect(codes('Проект из города Гагарина победил. Я видел, как Гагарин вырос.')).toEqual(['RU-SMO', 'RU-SMO']);
    expect(codes('Город Покров подал заявку; на Покров прошла ярмарка.')).toEqual(['RU-VLA', 'RU-VLA']);
    expect(codes('Опыт города Октябрьского включили в библиотеку.')).toEqual(['RU-BA']);
    // Every case form of the town once one reads as a place ('в Ефремове' … 'Ефремов стал').
    expect(codes('В Ефремове открыли сквер. Ефремов стал победителем.')).toEqual(['RU-TUL', 'RU-TUL']);
    // '-ом' of an adjective-shaped name is also a village's in -ое, or a district's before its noun.
    expect(codes('праздники в Октябрьском, Майском и Чермене; в Октябрьском и Ленинском районах')).toEqual([]);
  });

  it('reads a short form two subjects share as the one the text names', () => {
    expect(codes('В Калининградской области отремонтируют Приморское кольцо.')).toEqual(['RU-KGD']);
    expect(codes('Калининградская область и Приморье обменялись делегациями; Владивосток принял гостей.')).toEqual(['RU-KGD', 'RU-PRI', 'RU-PRI']);
    expect(codes('В Приморье открыли школу.')).toEqual(['RU-PRI']);
    expect(codes('В Норильске в условиях Заполярья растут цветы.')).toEqual(['RU-KYA']);
    expect(codes('Мурманск: в условиях Заполярья растут цветы.')).toEqual(['RU-MUR', 'RU-MUR']);
  });

  it('does not count a place in a public institution\'s quoted name, nor in a village\'s or settlement\'s name', () => {
    expect(codes('врачу ГАУЗ «Городская больница № 2 Республики Марий Эл»')).toEqual([]);
    expect(codes('врачу учреждения здравоохранения «Областная больница Курганской области»')).toEqual([]);
    expect(codes('В станице Брянской и в поселении Владимирском открыли ФАПы.')).toEqual([]);
    // A town's '-ой' that is a region's adjective is the region's ('Амурской' is not Амурск's).
    expect(codes('Студенты Амурской медакадемии')).toEqual(['RU-AMU']);
  });

  it('counts a district of a region named in full, and a city in the instrumental before a district noun', () => {
    expect(codes('An Omsk region district placed second.')).toEqual(['RU-OMS']);
    expect(codes('the Kazan district court')).toEqual([]);
    expect(codes('в граничащих с Екатеринбургом районах')).toEqual(['RU-SVE']);
    expect(codes('в Пролетарском округе Тулы')).toEqual(['RU-TUL']);
  });

  it('does not count a region in a chamber\'s proper name, but does in a chamber named by its region', () => {
    expect(codes('гости из Торгово-промышленной палаты Краснодарского края')).toEqual([]);
    expect(codes('второе место заняла палата Чувашии')).toEqual(['RU-CU']);
  });

  it('counts a place in a phrase on a short headline-shaped line', () => {
    expect(codes('Губернатор Кубани\nГлава региона отметил рост.')).toEqual(['RU-KDA']);
    expect(codes('Омск\n12 мая\nНовость о Томске.')).toEqual(['RU-TOM']);
  });

  it('reads through invisible characters and ё', () => {
    expect(codes('Чел\u00ADябинская\u00A0область, Орёл, Башкор\u200Bтостан')).toEqual(['RU-CHE', 'RU-ORL', 'RU-BA']);
  });
});

describe('resolveRegions', () => {
  it('tells the origin of a practice from its adopters', () => {
    expect(roles('Опыт Москвы переняли в Кузбассе. Практику Татарстана внедрят в Ульяновской области.')).toEqual({
      'RU-MOW': 'origin',
      'RU-KEM': 'adopter',
      'RU-TA': 'origin',
      'RU-ULY': 'adopter',
    });
  });

  it('tells adopters from origins in adoption phrasing, in the place or as the subject', () => {
    expect(roles('В Пермском крае заработает нижегородская система записи к врачу.')).toEqual({ 'RU-PER': 'adopter', 'RU-NIZ': 'origin' });
    expect(roles('Ещё три региона перенимают опыт Татарстана по народному бюджету.')).toEqual({ 'RU-TA': 'origin' });
    expect(roles('Тула вводит у себя калужскую модель сопровождения инвесторов.')).toEqual({ 'RU-TUL': 'adopter', 'RU-KLU': 'origin' });
    expect(roles('Псковская область переходит на московский стандарт центров госуслуг.')).toEqual({ 'RU-PSK': 'adopter', 'RU-MOW': 'origin' });
    expect(roles('В Омской области по примеру Тюмени запустят проектный офис.')).toEqual({ 'RU-OMS': 'adopter', 'RU-TYU': 'origin' });
    expect(roles('Мурманская область взяла на вооружение практику Якутии.')).toEqual({ 'RU-MUR': 'adopter', 'RU-SA': 'origin' });
    expect(roles('Kaluga Region will adopt the Tatarstan model of investor support.')).toEqual({ 'RU-KLU': 'adopter', 'RU-TA': 'origin' });
    expect(roles("Tatarstan's experience will be used in the Perm Territory.")).toEqual({ 'RU-TA': 'origin', 'RU-PER': 'adopter' });
  });

  it('does not make an adopter of a region that only studies a practice or introduces its own', () => {
    expect(roles('Опыт Калужской области по созданию индустриальных парков изучат в Туле.')).toEqual({ 'RU-KLU': 'origin', 'RU-TUL': 'mentioned' });
    expect(roles('Татарстан внедрил свою систему в 2019 году.')).toEqual({ 'RU-TA': 'mentioned' });
    expect(roles('Уфа и Хабаровск поделили второе место.')).toEqual({ 'RU-BA': 'mentioned', 'RU-KHA': 'mentioned' });
  });

  it('leaves regions merely listed as mentioned', () => {
    expect(roles('Лидерами стали Москва, Челябинская и Московская области.')).toEqual({ 'RU-MOW': 'mentioned', 'RU-CHE': 'mentioned', 'RU-MOS': 'mentioned' });
  });
});

describe('findRegionHits: a district named by its town or region adjective', () => {
  it('names the subject of the town the district is named after, in a text naming no other', () => {
    expect(codes('Практика Надымского района заняла третье место.')).toEqual(['RU-YAN']);
    expect(codes('Публичные слушания по бюджету Балаковского муниципального района пройдут 12 декабря.')).toEqual(['RU-SAR']);
    expect(codes('В Кондопожском районе открыли школу.')).toEqual(['RU-KR']);
    expect(codes('Молодёжный бюджет Томского района отмечен Минфином.')).toEqual(['RU-TOM']);
    expect(codes('В Белорецком районе открыли школу.')).toEqual(['RU-BA']);
    // A town in -а, -ы or -и names its district with '-инский' too.
    expect(codes('Туймазинский район победил в конкурсе.')).toEqual(['RU-BA']);
    expect(codes('В Саткинском районе открыли школу.')).toEqual(['RU-CHE']);
    expect(codes('В Истринском округе открыли парк.')).toEqual(['RU-MOS']);
  });

  it('gives way to any other subject the text names: districts share names across regions', () => {
    // The Kazansky district of the Tyumen Region; the Stavropolsky district around Tolyatti.
    expect(codes('В Казанском районе отремонтировали дорогу. Глава Казанского муниципального района поблагодарил Тюменскую область.')).toEqual(['RU-TYU']);
    expect(codes('Ставропольский район занял первое место; среди победителей и городской округ Сызрань.')).toEqual(['RU-SAM']);
    expect(codes('Смоленский район Алтайского края победил.')).toEqual(['RU-ALT']);
    // A town's own adjective before a district noun too: the Kherson Region's Novotroitsky okrug is not Novotroitsk's.
    expect(codes('Победители регионального этапа Херсонской области: Новотроицкий муниципальный округ, Геническ.')).toEqual(['RU-KHE', 'RU-KHE']);
    expect(codes('Новотроицкий муниципальный округ победил.')).toEqual(['RU-ORE']);
  });

  it("reads a federal city's district by its own name, in a text naming no other subject", () => {
    expect(codes('Муниципальный округ Бибирево занял третье место.')).toEqual(['RU-MOW']);
    expect(codes('В парке «Северное Тушино» открыли набережную.')).toEqual(['RU-MOW']);
    expect(codes('Делегация из Казани посетила Строгино.')).toEqual(['RU-TA']);
    // A district named after its noun is its own name; a region after the district noun is still a region.
    expect(codes('Проект представил муниципальный округ Тверской.')).toEqual([]);
    expect(codes('В сельском районе Курганской или Костромской области это может означать час.')).toEqual(['RU-KGN', 'RU-KOS']);
  });

  it("reads no big city's district, village or street so", () => {
    expect(codes('В Тверском районе прошёл праздник.')).toEqual([]);
    expect(codes('В Выборгском районе открыли сквер.')).toEqual([]);
    expect(codes('ТОС станицы Смоленской Северского района готовит заявку.')).toEqual([]);
    expect(codes('Ремонт улицы от пересечения с улицей Кирова до порта.')).toEqual([]);
    // A list of streets named after people ('Пушкина' is also a case of Пушкино); but streets of two cities name both.
    expect(codes('Без воды останутся дома по улицам: Станционная, Гоголя (дома с 1 по 57), Пушкина и Красина.')).toEqual([]);
    expect(codes('По улицам Москвы и Казани прошли колонны.')).toEqual(['RU-MOW', 'RU-TA']);
    // A list of two surnames' genitives or more is of streets, its first name too; one name alone is the city's streets.
    expect(codes('Датчики стоят на улицах Кирова, Ефремова, Луначарского и в районе вокзала.')).toEqual([]);
    expect(codes('По улицам Кирова прошли колонны, по улицам Кирова и Пензы — тоже.')).toEqual(['RU-KIR', 'RU-KIR', 'RU-PNZ']);
    // Ordinary words first: a month's adjective ('ноябрьского шторма' is no Noyabrsk), a seaside town or climate.
    expect(codes('Уроки ноябрьского шторма учли. Новороссийск — такой же приморский город, там мягкий приморский климат.')).toEqual(['RU-KDA']);
    expect(codes('Приморские рыбаки вышли в море, приморские власти довольны.')).toEqual(['RU-PRI', 'RU-PRI']);
  });

  it('reads no Moscow in the capitals of other regions, and no Crimean town in the Armenian side', () => {
    expect(codes('Столицы двух соседних регионов связал рельсовый автобус.')).toEqual([]);
    expect(codes('В столице открыли парк.')).toEqual(['RU-MOW']);
    expect(codes('Армянская сторона рассматривает возможность внедрить систему.')).toEqual([]);
    expect(codes('Школу открыли в Армянске.')).toEqual(['RU-CR']);
  });

  it('reads a ranking row of a town and its region as content, not as a place line of page furniture', () => {
    expect(codes('Городские округа\n1 — Аргун, Чеченская Республика\n2 — Черкесск, Карачаево-Черкесия\n3 — Элиста, Калмыкия')).toEqual(['RU-CE', 'RU-CE', 'RU-KC', 'RU-KC', 'RU-KL', 'RU-KL']);
  });

  it('reads no region in an animal, an estuary or an ordinary adjective named like one', () => {
    expect(codes('Численность амурского тигра выросла.')).toEqual([]);
    expect(codes('Маршрут идёт к Амурскому лиману.')).toEqual([]);
    expect(codes('Вода из Белогорского водохранилища пойдёт в Севастополь.')).toEqual(['RU-SEV']);
    expect(codes('Его горнозаводская история заслуживает достойного облика.')).toEqual([]);
  });

  it('reads no place in a square or a park named after a person, nor in an airport named after its village', () => {
    expect(codes('Благоустроен сквер Кирова в Иркутске.')).toEqual(['RU-IRK']);
    expect(codes('Открыт парк Горького в Перми.')).toEqual(['RU-PER']);
    expect(codes('Реконструкция аэропорта Кольцово завершится в Екатеринбурге.')).toEqual(['RU-SVE']);
    expect(codes('Рейсы из аэропорта Казани отменены.')).toEqual(['RU-TA']);
    expect(codes('В Кирове открыли сквер.')).toEqual(['RU-KIR']);
    // A city's own park: its name is no surname.
    expect(codes('Урны поставили в Центральном парке Калининграда.')).toEqual(['RU-KGD']);
  });

  it('reads no town in a river named like one, and a town by its administration or residents in the genitive', () => {
    expect(codes('Главный объект сезона — мост через реку Шую в Прионежском районе Карелии.')).toEqual(['RU-KR']);
    expect(codes('На реке Уфе подняли уровень воды у моста.')).toEqual([]);
    expect(codes('Администрация Курчатова изучает, как сдавать жильё врачам.')).toEqual(['RU-KRS']);
    expect(codes('Жители Королёва выбрали двор для ремонта.')).toEqual(['RU-MOS']);
    expect(codes('Профессор Курчатов выступил с докладом.')).toEqual([]);
  });

  it('reads no town in a sea or a gulf named after it', () => {
    expect(codes('The embankment in Yeysk on the Sea of Azov reopened.')).toEqual(['RU-KDA']);
    expect(codes('Azov hosted the forum.')).toEqual(['RU-ROS']);
  });

  it('reads no Moscow in capitals in the plural', () => {
    expect(codes('Стартапы нужны не только в столицах, но и в малых городах.')).toEqual([]);
    expect(codes('Форум прошёл в столице.')).toEqual(['RU-MOW']);
  });

  it('splits a coordination ending in a two-word head as one ending in a one-word head', () => {
    expect(codes('Автомобили уже работают в Донецкой и Луганской народных республиках.')).toEqual(['RU-DPR', 'RU-LPR']);
    expect(codes('Поставки в Еврейской автономной и Амурской областях.')).toEqual(['RU-YEV', 'RU-AMU']);
  });

  it("reads a village's own name, once written after its noun, as the village wherever the text repeats it", () => {
    expect(codes('В рабочем посёлке Красногорский открыли сквер. Красногорский показал, что можно работать с жителями.')).toEqual([]);
    expect(codes('Красногорский район ждёт гостей.')).not.toEqual([]);
  });

  it("reads a place in the possessive as the owner of what follows, not as part of its name", () => {
    expect(codes("Kazan's metro will stay open until 3:00.")).toEqual(['RU-TA']);
    expect(codes('The Moscow Times reported.')).toEqual([]);
  });
});
