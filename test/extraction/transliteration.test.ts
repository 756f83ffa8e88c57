import { describe, expect, it } from 'vitest';
import { englishSpellings } from '../../functions/core/extraction/transliteration.js';

describe('englishSpellings', () => {
  it('spells Russian towns as English-language news does, the BGN/PCGN-like spelling first', () => {
    const first = (name: string): string => englishSpellings(name)[0]!;
    expect(first('Осташков')).toBe('Ostashkov');
    expect(first('Торжок')).toBe('Torzhok');
    expect(first('Нелидово')).toBe('Nelidovo');
    expect(first('Западная Двина')).toBe('Zapadnaya Dvina');
    expect(first('Красный Холм')).toBe('Krasny Kholm');
    expect(first('Ржев')).toBe('Rzhev');
    expect(first('Кимры')).toBe('Kimry');
    expect(first('Нижний Тагил')).toBe('Nizhny Tagil');
    expect(first('Йошкар-Ола')).toBe('Yoshkar-Ola');
    expect(first('Сургут')).toBe('Surgut');
    expect(first('Ханты-Мансийск')).toBe('Khanty-Mansiysk');
    expect(first('Щёлково')).toBe('Shchyolkovo');
    expect(first('Тверь')).toBe('Tver');
    expect(first('Ноябрьск')).toBe('Noyabrsk');
    expect(first('Усолье-Сибирское')).toBe('Usolye-Sibirskoye');
    expect(first('Ростов-на-Дону')).toBe('Rostov-na-Donu');
  });

  it('adds the few variants news spellings genuinely differ by, and no more than six', () => {
    expect(englishSpellings('Бологое')).toEqual(['Bologoye', 'Bologoe']);
    expect(englishSpellings('Вышний Волочёк')).toEqual(['Vyshny Volochyok', 'Vyshny Volochek', 'Vyshniy Volochyok', 'Vyshniy Volochek']);
    expect(englishSpellings('Каменск-Уральский')).toEqual(['Kamensk-Uralsky', 'Kamensk-Uralskiy']);
    expect(englishSpellings('Майкоп')).toEqual(['Maykop', 'Maikop']);
    expect(englishSpellings('Екатеринбург')).toEqual(['Yekaterinburg', 'Ekaterinburg']);
    expect(englishSpellings('Минеральные Воды')).toEqual(['Mineralnyye Vody', 'Mineralnye Vody']);
    // 'й' after 'и' is 'y' alone; '-ый' is '-y' alone.
    expect(englishSpellings('Каспийск')).toEqual(['Kaspiysk']);
    expect(englishSpellings('Грозный')).toEqual(['Grozny']);
    for (const name of ['Ейск', 'Новоивановское', 'Петровск-Забайкальский', 'Белоозёрский']) expect(englishSpellings(name).length).toBeLessThanOrEqual(6);
  });
});
