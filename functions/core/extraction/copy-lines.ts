/**
 * Lines a copied page carries that are no news but print its date: read by the furniture masker (they name places
 * and people the news is not about) and by the printed-date reader. Kept apart from `furniture.ts`, whose catalogues
 * the ingest bundle must not carry.
 */

/** A paper's issue line: 'Газета «Коммерсантъ» (Воронеж) №56 от 31.03.2021', '«Маяк» № 12 (10345) от 15.03.2023'. */
export const ISSUE_LINE = /^\s*(?:(?:газета|журнал|еженедельник)\s+)?«[^»\n]{1,60}»(?:\s*\([^)\n]{1,40}\))?,?\s*№\s*\d+(?:\s*\(\d+\))?,?\s+от\s+(\d{1,2}\.\d{1,2}\.\d{4})(?:\s*г\.?)?\s*$/iu;

/** A messenger copy's header that opens with the post's bracketed stamp, then the channel and a colon ('[16.03.2023 10:12] Владислав Шапша:', as Telegram Desktop copies). */
export const STAMP_FIRST_HEADER = /^\s*\[(\d{1,2}\.\d{1,2}\.\d{4},?\s+\d{1,2}:\d{2})(?::\d{2})?\]\s+[^:\n]{1,100}:\s*$/u;
