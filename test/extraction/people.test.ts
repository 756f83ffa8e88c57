import { describe, expect, it } from 'vitest';
import { tokenise } from '../../functions/core/extraction/lexicon.js';
import { cleanText } from '../../functions/core/extraction/normalise.js';
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
    expect(nominativeSurname('Задорожного', 'm', 'gen')).toBe('Задорожного');
    expect(nominativeSurname('Шойгу', 'm', 'gen')).toBe('Шойгу');
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

  it('takes a name after a title even when the given name is not in the list', () => {
    expect(people('Министр цифрового развития Максудин Шадаев отметил успех.').map((p) => p.name)).toEqual(['Максудин Шадаев']);
  });

  it('does not take places, institutions or months for people', () => {
    expect(people('В мае Вера Правительства не изменилась. Глава Российской Федерации выступил. Мария Москва.')).toEqual([]);
  });
});
