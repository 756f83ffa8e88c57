/**
 * A paper's issue line: 'Газета «Коммерсантъ» (Воронеж) №56 от 31.03.2021', '«Маяк» № 12 (10345) от 15.03.2023'.
 * Furniture for the entity finders (its edition names a city the news is not about) and the page's date for the
 * printed-date reader; kept apart from `furniture.ts`, whose catalogues the ingest bundle must not carry.
 */
export const ISSUE_LINE = /^\s*(?:(?:газета|журнал|еженедельник)\s+)?«[^»\n]{1,60}»(?:\s*\([^)\n]{1,40}\))?,?\s*№\s*\d+(?:\s*\(\d+\))?,?\s+от\s+(\d{1,2}\.\d{1,2}\.\d{4})(?:\s*г\.?)?\s*$/iu;
