import { describe, expect, it } from 'vitest';
import { extractPractice } from '../../functions/core/extraction/extract-practice.js';

const organisationsOf = (bodyText: string, language: 'ru' | 'en' = /[а-яё]/i.test(bodyText) ? 'ru' : 'en', title = 'Новость'): string[] =>
  extractPractice({ sourceId: 'test', url: 'https://example.org/news/1', title, publishedAt: null, author: null, lead: null, bodyText, tags: [], images: [], language }).organisations.map(
    (organisation) => organisation.id,
  );

describe('findOrganisations: the President', () => {
  it('does not take a form of address in a transcript for the President acting', () => {
    expect(organisationsOf('Губернатор: Господин Президент, в области открыты три центра.')).not.toContain('president-rf');
    expect(organisationsOf('Уважаемый Президент! Разрешите доложить о ходе работ.')).not.toContain('president-rf');
    expect(organisationsOf('Governor: Mr. President, the region has opened three centres.')).not.toContain('president-rf');
    expect(organisationsOf('Governor: Thank you, Mr President. The region has opened three centres.')).not.toContain('president-rf');
  });

  it('still finds the President acting by the bare word', () => {
    expect(organisationsOf('Президент поручил распространить опыт области.')).toContain('president-rf');
    expect(organisationsOf('The President instructed the regions to adopt the model.')).toContain('president-rf');
  });
});

describe('findOrganisations: the Government of Russia', () => {
  it("finds the Government named with the country's possessive", () => {
    expect(organisationsOf("Russia's Government will allocate 2 billion roubles to the regions.")).toContain('government-rf');
    expect(organisationsOf('Russia’s government approved the list of pilot regions.')).toContain('government-rf');
  });

  it("does not take a commission under the Government for the Government", () => {
    expect(organisationsOf("Russia's Government Commission on Regional Development met on Monday.")).not.toContain('government-rf');
  });
});

describe('findOrganisations: regional ministries of economy', () => {
  it("does not take a ministry after a region's adjective for the federal one", () => {
    expect(organisationsOf('Чувашское Минэкономразвития подвело итоги регионального этапа конкурса.')).not.toContain('minek');
    expect(organisationsOf('Соглашение подписал татарстанский Минфин.')).not.toContain('minfin');
    expect(organisationsOf('The Chuvash Ministry of Economic Development announced the winners of the regional stage.')).not.toContain('minek');
    expect(organisationsOf("Chuvashia's Ministry of Economic Development announced the winners.")).not.toContain('minek');
    expect(organisationsOf('Итоги подвело Министерство экономического развития Чувашской Республики.')).not.toContain('minek');
  });

  it('still finds the federal ministry beside a regional one and after a place', () => {
    expect(organisationsOf('Минэкономразвития России и татарстанский Минфин подписали соглашение.')).toContain('minek');
    expect(organisationsOf('Russian Economic Development Minister and the Chuvash Ministry of Economic Development signed an agreement.')).toContain('minek');
  });
});

describe('findOrganisations: machine-translated English', () => {
  it("does not read the House of Government, a building, as the Government", () => {
    expect(organisationsOf('In the House of Government the strategic session on best practices took place.')).not.toContain('government-rf');
  });

  it("reads a ministry's name with the article a translation puts before its field", () => {
    expect(organisationsOf('The competition is carried out by the Ministry of the economic development of the Russian Federation.')).toContain('minek');
    expect(organisationsOf('The prize was handed by the Ministry of the economic development of the Republic of Bashkortostan.')).not.toContain('minek');
  });
});

describe('findOrganisations: page chrome', () => {
  it("does not count a site's name alone on a header or footer line", () => {
    expect(organisationsOf('Moscow Government\n\nSergei Sobyanin opened a new school in Nekrasovka for 1,100 pupils.')).not.toContain('moscow-government');
    expect(organisationsOf('Sergei Sobyanin opened a new school in Nekrasovka for 1,100 pupils.\n\nMoscow Government')).not.toContain('moscow-government');
    expect(organisationsOf('Президент России\n\nВладимир Путин встретился с губернатором.')).toEqual(['president-rf']);
  });

  it("does not take a press service's credit line for the ministry, nor for the federal one", () => {
    expect(organisationsOf('В Чувашии подвели итоги регионального этапа конкурса.\n\nПресс-служба Минэкономразвития Чувашии')).not.toContain('minek');
  });

  it('still counts bodies listed one a line', () => {
    expect(organisationsOf('Организаторы:\nМинэкономразвития России\nАСИ\nПравительство Москвы')).toEqual(['minek', 'asi', 'moscow-government']);
    expect(organisationsOf('Организаторы конкурса\n– Минэкономразвития России\n– АСИ')).toEqual(['minek', 'asi']);
    expect(organisationsOf('Правительство Москвы подвело итоги конкурса.\n\nПобедителей наградят в декабре.')).toContain('moscow-government');
  });
});

describe('findOrganisations: ministers spelled out with the country', () => {
  it("reads the country before a ministry's 'по …' ('министр Российской Федерации по развитию …')", () => {
    expect(organisationsOf('Итоги прокомментировал министр Российской Федерации по развитию Дальнего Востока и Арктики Алексей Петров.')).toContain('minvostokrazvitiya');
    expect(organisationsOf('Итоги прокомментировал министр по развитию Дальнего Востока Алексей Петров.')).not.toContain('minvostokrazvitiya');
  });
});

describe('furniture: site-name and press-service lines', () => {
  it("does not count the site's name line or a press service's credit", () => {
    expect(organisationsOf('Official portal of the Mayor and Moscow Government  /  News  /  Education\n\nSergei Sobyanin opened a new school in Nekrasovka.')).not.toContain('moscow-government');
    expect(organisationsOf('В Москве подвели итоги конкурса городских практик.\n\nПресс-служба Мэра и Правительства Москвы')).not.toContain('moscow-government');
    // After the region's name and a stop, as a machine translation copies a regional site's header.
    expect(organisationsOf('Ulyanovsk region. Official site of the Government\n\nThe municipal formations sent 14 applications.')).not.toContain('government-rf');
  });

  it("reads a machine-translated regional ministry's long name, its region at the end, as the region's", () => {
    expect(organisationsOf('The regional stage was organized by the Ministry of economic development, industry and science of the Arkhangelsk region.')).not.toContain('minek');
    expect(organisationsOf('The Ministry of Economic Development said the contest is open.')).toContain('minek');
  });

  it('still reads a sentence that opens with a press service', () => {
    expect(organisationsOf('Пресс-служба губернатора сообщила, что Минэкономразвития России поддержало проект')).toContain('minek');
    expect(organisationsOf('Press service of the governor said the Moscow Government extended the contest')).toContain('moscow-government');
  });
});

describe('findOrganisations: the Government acting by its bare name', () => {
  it("reads a sentence-opening 'Правительство' as the federal one in a text naming the federal chairman", () => {
    expect(organisationsOf('Правительство выделит 2 млрд рублей на ремонт школ. Распоряжение подписал Председатель Правительства Михаил Мишустин.')).toContain('government-rf');
    expect(organisationsOf('Правительство запустило эксперимент в пяти регионах. Постановление подписал Михаил Мишустин.')).toContain('government-rf');
    expect(organisationsOf('Government to allocate 2 billion roubles for school repairs. Prime Minister Mikhail Mishustin signed the order.')).toContain('government-rf');
    expect(organisationsOf('Government to allocate 2 billion roubles for school repairs, the governor said.')).not.toContain('government-rf');
  });

  it("leaves it out in a text about a region's government or with no federal chairman", () => {
    expect(organisationsOf('Правительство выделит 2 млрд рублей на ремонт школ. Распоряжение подписал Председатель Правительства Республики Коми Иван Петров.')).not.toContain('government-rf');
    expect(organisationsOf('Правительство Кировской области выделит средства. Правительство утвердило список школ. Михаил Мишустин посетил область.')).not.toContain('government-rf');
    expect(organisationsOf('Правительство выделит 2 млрд рублей на ремонт школ, сообщил губернатор.')).not.toContain('government-rf');
  });

  it('reads the Government named before a title that opens the next clause', () => {
    expect(organisationsOf('На заседании Правительства Председатель Правительства Михаил Мишустин сообщил о распределении средств.')).toContain('government-rf');
    expect(organisationsOf('Правительство Москвы приняло решение.')).not.toContain('government-rf');
  });

  it('already reads the Government acting in the middle of a sentence and as Кабмин', () => {
    expect(organisationsOf('Михаил Мишустин подписал распоряжение Правительства о выделении средств.')).toContain('government-rf');
    expect(organisationsOf('Кабмин выделил средства на ремонт школ.')).toContain('government-rf');
  });
});

describe('findOrganisations: the Kremlin as a place', () => {
  it("does not take a city's kremlin or a ceremony's venue for the President's office", () => {
    expect(organisationsOf('Церемония вручения прошла в Казанском Кремле.')).not.toContain('president-rf');
    expect(organisationsOf('Абсолютного победителя объявят на церемонии в Кремле.')).not.toContain('president-rf');
    expect(organisationsOf('The winners were honoured at a ceremony in the Kremlin.')).not.toContain('president-rf');
    expect(organisationsOf('The forum closed with a concert in the Kazan Kremlin.')).not.toContain('president-rf');
    expect(organisationsOf('The promenade runs from the Kremlin of Uglich to the river station.')).not.toContain('president-rf');
  });

  it("does not take a site's name over a copied page for a body named", () => {
    expect(organisationsOf('News\n\nDeputy Prime Minister Marat Khusnullin held a meeting.', 'en', 'The Russian Government')).not.toContain('government-rf');
    expect(organisationsOf('Новости\n\nСостоялось совещание.', 'ru', 'Президент России')).not.toContain('president-rf');
    // A headline saying more than the name is a headline.
    expect(organisationsOf('Новости', 'ru', 'Правительство России утвердило стандарт')).toContain('government-rf');
  });

  it('still reads the Kremlin acting', () => {
    expect(organisationsOf('В Кремле заявили, что практику распространят на другие регионы.')).toContain('president-rf');
    expect(organisationsOf('The Kremlin said the practice would be spread to other regions.')).toContain('president-rf');
  });
});

describe('findOrganisations: the word «президент» named, not acting', () => {
  it('does not take the word as a title or name for the President', () => {
    expect(organisationsOf('Закон запрещает использовать в регионах наименование «президент» для глав субъектов.')).not.toContain('president-rf');
  });

  it("reads no headline's last word as standing before the body", () => {
    expect(organisationsOf('Владимир Путин подписал указ о присвоении звания.', 'ru', 'Экономисту присвоено почётное звание')).toContain('president-rf');
  });
});

describe('findOrganisations: a nationwide contest as a federal actor', () => {
  it("reads 'Правительство' beside a nationwide ('Всероссийский') contest as the federal Government", () => {
    expect(organisationsOf('Правительство утвердило итоги Всероссийского конкурса лучших проектов.')).toContain('government-rf');
  });

  it("still leaves a region's government out", () => {
    expect(organisationsOf('Правительство области наградило победителей регионального этапа Всероссийского конкурса.')).not.toContain('government-rf');
  });
});

describe('findOrganisations: an act of the President in official style', () => {
  it("reads 'Указом Президента' as the President acting, whatever follows", () => {
    expect(organisationsOf('В 2024 году Указом Президента объявлен Годом семьи.')).toContain('president-rf');
    expect(organisationsOf('Указом Президента Алексей Петров назначен министром.')).toContain('president-rf');
    // A body that acts on the act, in the clause after it; the agent of a passive.
    expect(organisationsOf('Теперь о повестке. По поручению Президента Правительство Российской Федерации продлевает программу.')).toEqual(expect.arrayContaining(['president-rf', 'government-rf']));
    expect(organisationsOf('2024 год объявлен Президентом Годом семьи.')).toContain('president-rf');
  });

  it("does not read a post held as an agent ('назначен президентом компании')", () => {
    expect(organisationsOf('Он был назначен Президентом компании «Ромашка».')).not.toContain('president-rf');
    expect(organisationsOf('Назначен президентом Торгово-промышленной палаты.')).not.toContain('president-rf');
  });

  it("still reads a name after the word as a title's holder", () => {
    expect(organisationsOf('Первый заместитель руководителя администрации президента Сергей Кириенко отметил успехи.')).not.toContain('president-rf');
    expect(organisationsOf('Форум открыл Президент Егор Борисов.')).not.toContain('president-rf');
  });
});

describe('findOrganisations: forms seen on blind sets', () => {
  it("reads an abbreviation in the English possessive ('ASI's')", () => {
    expect(organisationsOf("The practice was included in the ASI's Smarteka library.")).toContain('asi');
    expect(organisationsOf("DEPR's experts presented the practice.")).toContain('moscow-depr');
  });

  it("does not take a regional ministry of construction, architecture and ЖКХ for Minstroy", () => {
    expect(organisationsOf('Министерство строительства, архитектуры и ЖКХ Республики Татарстан представило практику.')).not.toContain('minstroy');
    expect(organisationsOf('Ministry of Construction, Housing and Utilities of the Republic of Tatarstan presented the practice.')).not.toContain('minstroy');
    expect(organisationsOf('Министерство строительства и ЖКХ России поддержало практику.')).toContain('minstroy');
  });
});

describe('findOrganisations: more names of Moscow bodies', () => {
  it("reads 'Department for Economic Policy and Development', 'московская мэрия' and 'the Mayor's Office of Moscow'", () => {
    expect(organisationsOf('The Moscow Department for Economic Policy and Development presented the practice.')).toContain('moscow-depr');
    expect(organisationsOf('Московская мэрия представила практику.')).toContain('moscow-government');
    expect(organisationsOf("The Mayor's Office of Moscow presented the practice.")).toContain('moscow-government');
  });
});

describe("findOrganisations: a republic's State Council", () => {
  it("reads a republic's parliament in both its names, and the federal State Council where the country is named", () => {
    expect(organisationsOf('Глава Удмуртии выступил с Посланием Государственному Совету Удмуртской Республики. Депутаты Госсовета поддержали Послание.')).not.toContain('gossovet');
    // A parliament's second name after a dash ('Государственный Совет — Хасэ Республики Адыгея').
    expect(organisationsOf('Депутаты Государственного Совета — Хасэ Республики Адыгея приняли бюджет.')).not.toContain('gossovet');
    expect(organisationsOf('Глава Татарстана выступил в Госсовете Татарстана. Ранее на заседании Госсовета РФ Президент поддержал практику.')).toContain('gossovet');
    expect(organisationsOf('На заседании Госсовета Президент поддержал практику.')).toContain('gossovet');
    expect(organisationsOf('Комиссия Государственного Совета по направлению «Транспорт» рекомендовала опыт.\n\n#Госсовет #Коми')).toContain('gossovet');
  });
});
