import type { PracticeName } from '../model.js';

const NOUN_RU = 'практик[а-яё]*|проект[а-яё]*|программ[а-яё]*|модел[а-яё]*|решени[а-яё]*|инициатив[а-яё]*|сервис[а-яё]*|технологи[а-яё]*|кейс[а-яё]*';
const NOUN_EN = 'practices?|practicians?|projects?|programmes?|programs?|models?|solutions?|initiatives?|services?|technolog(?:y|ies)';
/** Quoted names that are not practices: categories, contests, platforms, forums. */
const NOT_A_PRACTICE = /смартек|smartek|smartec|управлени[ея]$|management$|^одн(о|ого) окн|^one window/i;
const CATEGORY_BEFORE = /(категори|номинаци|конкурс|рейтинг|форум|преми|category|nomination|contest|competition|rating|forum|award|principle|принцип)[\p{L}]*\s*(?:[\p{L}]+\s+){0,2}$/iu;

const QUOTED_RU = new RegExp(`(?:${NOUN_RU})(?:\\s+[\\p{L}-]+){0,3}?\\s+«([^«»]{3,120})»`, 'giu');
const QUOTED_EN = new RegExp(`(?:(?:${NOUN_EN})(?:\\s+[\\p{L}-]+){0,2}?\\s+"([^"]{3,100})"|"([^"]{3,100})"\\s+(?:${NOUN_EN}))`, 'gu');
const CREATING_EN = /(?:experience|practice|practices|model|approach)\b[^.;:!?\n]{0,40}?\b(?:in|of|for)\s+(?:creating|organi[sz]ing|setting up|launching|developing|introducing|implementing|building|running|establishing)\s+(?:a|an|the)?\s*([^,.;:!?"«»()\n]{3,80})/giu;
/** 'the Tula Region's model for managing industrial parks', 'practice … on organising paramedic stations'. */
const GERUND_EN = /\b(?:practice|model|programme|program|system|standard|approach|project)\s+(?:of\s+(?:the\s+)?(?:[A-Z][\w-]+\s+){1,3})?(?:for|on|in)\s+((?:the\s+)?[a-z]+ing\s+[^,.;:!?"«»()\n]{3,70})/gu;
const CREATING_RU = /(?:опыт|практик)[а-яё]*[^.;:!?«»\n]{0,40}?\s(?:в|по)\s+(создани[июе]|организаци[июе]|внедрени[июе]|развити[июе]|обеспечени[июе]|сопровождени[июе]|формировани[июе]|запуск[еау]?|повышени[июе]|использовани[июе]|поддержк[еиу])\s+([^,.;:!?«»()—\n]{3,80})/giu;
/** A name ends before a finite verb or a capitalised word that starts the next clause. */
const NAME_STOP = /\s(?:вош[её]л|вошла|вошли|включ\S*|рекомендова\S*|признан\S*|стал\S*|будет|будут|получил\S*|has|have|was|were|is|are|will)(?=\s|$).*$|\s(?:для|for|к)\s+(?:тиражир|replicat|внедрен|implement|распростран)\S*.*$|\sin\s+its\s.*$|\s[А-ЯЁ][а-яё]+\s.*$/u;

function clean(name: string): string {
  const words = name.trim().replace(/\s+/g, ' ').replace(NAME_STOP, '').replace(/[\s,.;:—–-]+$/, '').split(' ');
  const short = words.slice(0, 10).join(' ');
  return short.charAt(0).toUpperCase() + short.slice(1);
}

/** The verbal noun after 'опыт в …' back to the nominative ('создании' → 'создание'). */
function verbalNominative(word: string): string {
  return word.replace(/([нт])и[июе]$/, '$1ие').replace(/ци[июе]$/, 'ция').replace(/^запуск[еау]$/, 'запуск').replace(/поддержк[еиу]$/, 'поддержка');
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
  for (const match of text.matchAll(GERUND_EN)) add(match[1]!.replace(/^the\s+/, ''), '');
  for (const match of text.matchAll(CREATING_RU)) add(`${verbalNominative(match[1]!)} ${match[2]}`, '');
  return [...found.values()].slice(0, 5);
}
