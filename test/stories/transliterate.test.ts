import { describe, expect, it } from 'vitest';
import { cognateKey, romanise, sameSurname, surnameKey } from '../../functions/core/stories/transliterate.js';

describe('surnameKey', () => {
  it.each([
    ['Мария Багреева', 'Maria Bagreeva'],
    ['Алексей Текслер', 'Alexei Texler'],
    ['Андрей Воробьёв', 'Andrey Vorobyov'],
    ['Марат Хуснуллин', 'Marat Khusnullin'],
    ['Рустам Минниханов', 'Rustam Minnikhanov'],
    ['Сергей Собянин', 'Sergei Sobyanin'],
    ['Радий Хабиров', 'Radiy Khabirov'],
    ['Светлана Чупшева', 'Svetlana Chupsheva'],
  ])('gives %s and %s keys that name the same person', (ru, en) => {
    expect(sameSurname(surnameKey(ru), surnameKey(en))).toBe(true);
  });

  it('keeps different surnames apart', () => {
    expect(sameSurname(surnameKey('Радий Хабиров'), surnameKey('Азат Хасанов'))).toBe(false);
    expect(sameSurname(surnameKey('Дмитрий Миляев'), surnameKey('Vladislav Shapsha'))).toBe(false);
    expect(sameSurname(surnameKey('Ли'), surnameKey('Ли'))).toBe(false);
  });
});

describe('cognateKey', () => {
  it.each([
    ['практика', 'practice'],
    ['центр', 'center'],
    ['миграционный', 'migration'],
    ['мфц', 'mfc'],
    ['москва', 'moscow'],
    ['платформа', 'platform'],
    ['смартека', 'smarteca'],
  ])('meets across scripts: %s / %s', (ru, en) => {
    expect(cognateKey(ru)).not.toBeNull();
    expect(cognateKey(ru)).toBe(cognateKey(en));
  });

  it('skips numbers and short words', () => {
    expect(cognateKey('2023')).toBeNull();
    expect(cognateKey('и')).toBeNull();
  });

  it('romanises ё, щ and soft signs the common way', () => {
    expect(romanise('щёлково')).toBe('shchyolkovo');
    expect(romanise('пермь')).toBe('perm');
  });
});
