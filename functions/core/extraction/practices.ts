import type { PracticeName } from '../model.js';

const NOUN_RU = 'практик[а-яё]*|проект[а-яё]*|программ[а-яё]*|модел[а-яё]*|решени[а-яё]*|инициатив[а-яё]*|сервис[а-яё]*|технологи[а-яё]*|кейс[а-яё]*';
const NOUN_EN = 'practices?|projects?|programmes?|programs?|models?|solutions?|initiatives?|services?|technolog(?:y|ies)';
/** Quoted names that are not practices: categories, contests, platforms, forums. */
const NOT_A_PRACTICE = /смартек|smartek|smartec|управлени[ея]$|management$|^одн(о|ого) окн|^one window/i;
const CATEGORY_BEFORE = /(категори|номинаци|конкурс|рейтинг|форум|преми|category|nomination|contest|competition|rating|forum|award|principle|принцип)[\p{L}]*\s*(?:[\p{L}]+\s+){0,2}$/iu;

const QUOTED_RU = new RegExp(`(?:${NOUN_RU})(?:\\s+[\\p{L}-]+){0,3}?\\s+«([^«»]{3,120})»`, 'giu');
const QUOTED_EN = new RegExp(`(?:(?:${NOUN_EN})(?:\\s+[\\p{L}-]+){0,2}?\\s+"([^"]{3,100})"|"([^"]{3,100})"\\s+(?:${NOUN_EN}))`, 'gu');
const CREATING_EN = /(?:experience|practice|practices|model|approach)\b[^.;:!?]{0,40}?\b(?:in|of|for)\s+(?:creating|organi[sz]ing|setting up|launching|developing|introducing|implementing|building|running|establishing)\s+(?:a|an|the)?\s*([^,.;:!?"«»()]{3,80})/giu;
const CREATING_RU = /(?:опыт|практик)[а-яё]*[^.;:!?«»]{0,40}?\s(?:в|по)\s+(создани[июе]|организаци[июе]|внедрени[июе]|развити[июе]|обеспечени[июе]|сопровождени[июе]|формировани[июе]|запуск[еау]?|повышени[июе]|использовани[июе]|поддержк[еиу])\s+([^,.;:!?«»()—]{3,80})/giu;

function clean(name: string): string {
  const words = name.trim().replace(/\s+/g, ' ').replace(/[\s,.;:—–-]+$/, '').split(' ');
  const short = words.slice(0, 12).join(' ');
  return short.charAt(0).toUpperCase() + short.slice(1);
}

/** The verbal noun after 'опыт в …' back to the nominative ('создании' → 'создание'). */
function verbalNominative(word: string): string {
  return word.replace(/ни[июе]$/, 'ние').replace(/ци[июе]$/, 'ция').replace(/^запуск[еау]$/, 'запуск').replace(/поддержк[еиу]$/, 'поддержка');
}

/**
 * Names of the practices an article presents: quoted names after a practice noun ('практика
 * «Мой бизнес»', 'the "Smart City" project') and 'experience in creating X' phrases.
 */
export function findPractices(text: string): PracticeName[] {
  const found = new Map<string, PracticeName>();
  const add = (raw: string | undefined, before: string): void => {
    if (!raw) return;
    const name = clean(raw);
    if (name.length < 3 || NOT_A_PRACTICE.test(name) || CATEGORY_BEFORE.test(before)) return;
    const key = name.toLowerCase().replace(/ё/g, 'е');
    if (!found.has(key)) found.set(key, { name });
  };
  for (const match of text.matchAll(QUOTED_RU)) add(match[1], text.slice(Math.max(0, match.index - 40), match.index + match[0].indexOf('«')));
  for (const match of text.matchAll(QUOTED_EN)) add(match[1] ?? match[2], text.slice(Math.max(0, match.index - 40), match.index + match[0].indexOf('"')));
  for (const match of text.matchAll(CREATING_EN)) add(match[1], '');
  for (const match of text.matchAll(CREATING_RU)) add(`${verbalNominative(match[1]!)} ${match[2]}`, '');
  return [...found.values()].slice(0, 5);
}
