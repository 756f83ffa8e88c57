import { describe, expect, it } from 'vitest';
import { findPractices } from '../../functions/core/extraction/practices.js';

describe('findPractices', () => {
  it('takes quoted names after a practice noun, not categories or platforms', () => {
    const text = 'Практика «Бережливая поликлиника» вошла в категорию «Здравоохранение» на платформе «Смартека».';
    expect(findPractices(text)).toEqual([{ name: 'Бережливая поликлиника' }]);
  });

  it('names what an experience consists in, in the nominative and cut before the verb', () => {
    expect(findPractices('Опыт Калужской области по созданию индустриальных парков вошел в атлас.')).toEqual([{ name: 'Создание индустриальных парков' }]);
    expect(findPractices('the unique experience of Moscow in creating a Multifunctional migration center.')).toEqual([{ name: 'Multifunctional migration center' }]);
    expect(findPractices("the Tula Region's model for managing industrial parks in its list of recommended practices")).toEqual([{ name: 'Managing industrial parks' }]);
  });
});
