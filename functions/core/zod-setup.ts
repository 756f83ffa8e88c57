import { en } from 'zod/locales';
import * as z from 'zod/mini';

/**
 * zod/mini set up as zod's classic API sets itself up on its first schema: English issue messages,
 * and the memoizer (what one parse does with an input that holds the same object twice). The
 * editing rules and the API's schemas are written with zod/mini rather than the classic API: the
 * same core checks and messages, without the classic API's chainable methods, which tie every
 * schema type and the JSON Schema converter into any bundle that builds one schema (59 KB of the
 * review API's bundle; 41 KB of the query API's, which keeps the converter for its OpenAPI route).
 * A module that builds such schemas imports this one before building any (its helpers, or
 * `import '…/zod-setup.js'`). Import `z` itself as `import * as z from 'zod/mini'`: a namespace
 * passed on from here would carry the whole library into the bundles.
 */
z.config(en());
z.config({ memoizer: z.memoizer() });

/** A number that is an integer: the classic API's `z.number().int()`. */
export const int = () => z.number().check(z.int());

/** `schema` over what `fn` makes of the input: the classic API's `z.preprocess(fn, schema)`. */
export const preprocess = <T extends z.ZodMiniType>(fn: (value: unknown) => unknown, schema: T) => z.pipe(z.transform(fn), schema);
