import { describe, expect, it } from 'vitest';
import { findFigures } from '../../functions/core/extraction/figures.js';

describe('findFigures', () => {
  it('reads thousands separators, multipliers and qualifiers with the phrase around the number', () => {
    expect(findFigures('Out of more than 1,000 practices presented in the database, 121 practices have been developed in Moscow.', 'en')).toEqual([
      { value: 1000, text: 'more than 1,000 practices presented in the database' },
      { value: 121, text: '121 practices have been developed in Moscow' },
    ]);
    expect(findFigures('В базе более 1\u00a0тыс. практик, отобрано 98 практик и 1 200 заявок.'.replace(/\u00a0/g, ' '), 'ru').map((f) => f.value)).toEqual([1000, 98, 1200]);
    expect(findFigures('Бюджет — 2,5 млрд рублей.', 'ru')).toEqual([{ value: 2.5e9, text: '2,5 млрд рублей' }]);
  });

  it('skips years, dates, times, numbered items and parts of names', () => {
    expect(findFigures('С 2019 года, 10 октября 2023 года в 10:00, приказ № 45, COVID-19, 2-й этап, 10.10.2023, since 2019, October 10.', 'ru')).toEqual([]);
  });

  it('takes the words before a number that ends its clause', () => {
    expect(findFigures('Число решений выросло до 40.', 'ru')).toEqual([{ value: 40, text: 'Число решений выросло до 40' }]);
  });
});
