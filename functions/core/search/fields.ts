/**
 * The fields search indexes and their weights (BM25F-style: weight × occurrences). Kept free of
 * any import, as the API schemas (which the console's browser build type-checks) name the fields.
 */
export const FIELD_WEIGHTS = { title: 3, practices: 3, entities: 2, lead: 1.5, body: 1 } as const;
export type SearchField = keyof typeof FIELD_WEIGHTS;
export const SEARCH_FIELDS = Object.keys(FIELD_WEIGHTS) as [SearchField, ...SearchField[]];
