/**
 * The single-table design, as plain data: the CDK stack builds the deployed table from it and
 * `ensureTable` creates the local one from it, so the two cannot drift.
 *
 * Items (pk / sk):
 * - `P#<id>` / `R`                      a practice record (the whole `PracticeItem`, bodies capped)
 * - `P#<id>` / `X#<gpk>`                one index row per listing the record belongs to (GSI `gsi1`)
 * - `P#<id>` / `H#<version, 10 digits>` append-only audit history, in version order
 * - `P#<id>` / `T#<requestToken>`       an applied editor request (idempotency; expires by TTL)
 * - `URL#<sha256(url)>` / `U`           which record a canonical URL belongs to
 * - `SOURCE` / `<sourceId>`             a source's validators and health (listed by one Query)
 * - `ST#<storyId>` / `S`                a story's own state (timeline, kept-apart stories, link notes, version);
 *   `H#…` its history, `T#…` applied editor requests, `X#TL#<timelineId>` its timeline row
 *
 * Index rows put the record into listings, so every read is a Query on `gsi1`:
 * - `PUB#ALL`, `PUB#R#<region>`, `PUB#O#<org>`, `PUB#T#<topic>`, `PUB#S#<source>`: approved
 *   announcements only, sorted by `<publishedAt or createdAt, UTC>#<id>` (read newest first);
 * - `REV#<status>#ALL`, `REVC#<status>#<pos|neg>` and, for pending records, `REV#pending#R#…` etc.:
 *   the review queue, sorted by `<createdAt>#<id>` (read oldest first);
 * - `REVU#pending`: pending records in the classifier's uncertainty band no editor has classified,
 *   sorted by `<distance from the boundary, ‰, 4 digits>#<createdAt>#<id>` (closest first);
 * - `BAND#<n>:<hex>`: SimHash bands for near-duplicate lookups;
 * - stories (`core/stories/story-record.ts`): `STORY#<storyId>` a story's records, `LK#<key>` link
 *   candidates by person, figure or region (sorted by date), `PUBRG` and `PUBRG#<region>` public
 *   records per region (`/regions`), `TL#<timelineId>` a practice timeline's stories.
 */
export const TABLE_DESIGN = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  billingMode: 'PAY_PER_REQUEST',
  /** Expiry (epoch seconds) of request-token rows; other items never expire. */
  timeToLiveAttribute: 'ttl',
  globalSecondaryIndexes: [
    {
      indexName: 'gsi1',
      partitionKey: { name: 'gpk', type: 'S' },
      sortKey: { name: 'gsk', type: 'S' },
      /**
       * Index rows carry small filter attributes so that extra filters are applied before any record
       * is read, and the record's version so that a reader can reuse a record it already holds.
       */
      projection: { type: 'INCLUDE', nonKeyAttributes: ['id', 'ver', 'flt', 'txt', 'd'] },
    },
  ],
} as const;

export type TableDesign = typeof TABLE_DESIGN;

/** Name of the one GSI that serves every listing. */
export const LISTING_INDEX = TABLE_DESIGN.globalSecondaryIndexes[0].indexName;
