import fc from 'fast-check';

/** The parts of a JSON Schema (draft 2020-12, as zod writes it) that the generators read. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}

export interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
  security?: unknown[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema> };
}

/** Strings that have broken parsers, stores and renderers before: each a class, not a single case. */
const NASTY_STRINGS = [
  '',
  ' ',
  '0',
  '-1',
  '0x10',
  '1e1',
  ' 5',
  '+5',
  '5.0',
  'NaN',
  'Infinity',
  'null',
  'true',
  '[]',
  '{}',
  '2023-02-30',
  '2030-01-01',
  '2000-01-01',
  '2024-02-29T24:00:00Z',
  '9999-12-31T23:59:59-14:00',
  '0000-01-01',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  '\u202e',
  '\ufeff',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '${7*7}',
  '__proto__',
  'constructor',
  'RU-MOW',
  'ru-mow',
  'Москва',
  '🏛️',
  'a'.repeat(65),
  'a'.repeat(1024),
  'я'.repeat(3000),
];

const NASTY_NUMBERS = [0, -0, 1, -1, 0.5, 1e15, -1e15, 1e16, 1e308, -1e308, -1e-320, 5e-324, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 101, 100, 99, 1e21];

/** Any JSON value, biased to the shapes that break things: wrong types, deep and wide containers. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>(...NASTY_STRINGS, ...NASTY_NUMBERS, null, true, false) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 200 }).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown) },
);

const resolve = (schema: JsonSchema, doc: OpenApiDocument): JsonSchema => {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = doc.components.schemas[name];
  if (!target) throw new Error(`unresolvable $ref ${schema.$ref}`);
  return resolve(target, doc);
};

const typesOf = (schema: JsonSchema): string[] => (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []);

/** A real date-time with an offset, as a client would send one. */
const dateTime = fc
  .tuple(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2040-12-31T23:59:59Z'), noInvalidDate: true }), fc.constantFrom('Z', '+03:00', '-05:00', '+05:45'))
  .map(([date, offset]) => date.toISOString().replace('Z', offset === 'Z' ? 'Z' : offset));

/**
 * Values the schema allows, as a generator would pick them (patterns and formats included);
 * with `mutate`, any member may instead be a boundary or hostile value.
 */
function validValue(schema: JsonSchema, doc: OpenApiDocument, depth: number, mutate: boolean): fc.Arbitrary<unknown> {
  const s = resolve(schema, doc);
  const next = (inner: JsonSchema) => (mutate ? fieldValue(inner, doc, depth + 1) : validValue(inner, doc, depth + 1, false));
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((alt) => (mutate ? fieldValue(alt, doc, depth) : validValue(alt, doc, depth, false))));
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const types = typesOf(s);
  if (types.length > 1) return fc.oneof(...types.map((type) => validValue({ ...s, type }, doc, depth, mutate)));
  switch (types[0]) {
    case 'string': {
      const maxLength = Math.min(s.maxLength ?? 60, 80);
      if (s.format === 'uuid') return fc.uuid();
      if (s.format === 'date-time') return dateTime;
      if (s.format === 'uri') return fc.oneof(fc.webUrl(), fc.constantFrom('http://127.0.0.1:9/hook', 'https://hooks.example.org/in', 'ftp://example.org/', 'http://user:pw@example.org/'));
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern), { size: 'small' });
      const min = s.minLength ?? 0;
      // Text fields are trimmed before their minimum applies: a valid one has something besides spaces.
      return fc.string({ minLength: min, maxLength: Math.max(min, maxLength), unit: 'grapheme' }).map((text) => (text.trim().length >= min ? text : `${'x'.repeat(min)}${text}`.slice(0, Math.max(min, maxLength))));
    }
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1000 });
    case 'number':
      return fc.oneof(fc.integer({ min: -10_000, max: 10_000 }), fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true }));
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (depth > 4) return fc.constant([]);
      return fc.array(next(s.items ?? {}), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
    }
    case 'object': {
      const properties = Object.entries(s.properties ?? {});
      const required = new Set(s.required ?? []);
      if (depth > 4 || properties.length === 0) return fc.constant({});
      // Required members mostly present (nil once in `freq`), optional ones half the time; now and then an unknown one added.
      const members = properties.map(([name, property]) =>
        fc.option(next(property).map((value) => [name, value] as const), { freq: required.has(name) ? (mutate ? 12 : 1000) : 2, nil: undefined }),
      );
      return fc
        .tuple(
          fc.tuple(...members),
          mutate
            ? fc.oneof(
                { weight: 9, arbitrary: fc.constant(undefined) },
                { weight: 1, arbitrary: fc.tuple(fc.constantFrom('extra', '__proto__', 'bodyText', 'status', 'id'), hostileJson) },
              )
            : fc.constant(undefined),
        )
        .map(([picked, extra]) => {
          const value: Record<string, unknown> = {};
          for (const member of picked) if (member) Object.defineProperty(value, member[0], { value: member[1], enumerable: true, writable: true, configurable: true });
          if (extra) Object.defineProperty(value, extra[0], { value: extra[1], enumerable: true, writable: true, configurable: true });
          return value;
        });
    }
    default:
      return hostileJson;
  }
}

/** Values on and just past the schema's limits. */
function boundaryValue(schema: JsonSchema, doc: OpenApiDocument, depth: number): fc.Arbitrary<unknown> {
  const s = resolve(schema, doc);
  const types = typesOf(s);
  const type = types[0] ?? (s.oneOf || s.anyOf ? 'union' : 'any');
  switch (type) {
    case 'string': {
      const max = s.maxLength ?? 200;
      const min = s.minLength ?? 0;
      return fc.constantFrom('x'.repeat(max), 'x'.repeat(max + 1), 'ж'.repeat(max), 'x'.repeat(Math.max(0, min - 1)), '', ' '.repeat(Math.max(1, min)), `${'x'.repeat(Math.max(0, max - 1))}\ud800`);
    }
    case 'integer':
    case 'number': {
      const candidates = [s.minimum, s.maximum, (s.minimum ?? 0) - 1, (s.maximum ?? 0) + 1, ...NASTY_NUMBERS].filter((n): n is number => n !== undefined);
      return fc.constantFrom(...candidates);
    }
    case 'array': {
      if (depth > 3) return fc.constant([]);
      const max = s.maxItems ?? 20;
      return fc.constantFrom(max, max + 1).chain((length) => fc.array(fieldValue(s.items ?? {}, doc, depth + 1), { minLength: Math.min(length, 60), maxLength: Math.min(length, 60) }));
    }
    default:
      return hostileJson;
  }
}

/** A value the schema allows, all the way down. */
export function schemaValue(schema: JsonSchema, doc: OpenApiDocument): fc.Arbitrary<unknown> {
  return validValue(schema, doc, 0, false);
}

/** A value for one field: mostly valid, sometimes on a boundary, sometimes anything at all, at any depth. */
export function fieldValue(schema: JsonSchema, doc: OpenApiDocument, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: validValue(schema, doc, depth, true) },
    { weight: 2, arbitrary: boundaryValue(schema, doc, depth) },
    { weight: 1, arbitrary: hostileJson },
  );
}

/** How a value travels in a query string or header: numbers in every spelling a client might try. */
export function wireValue(schema: JsonSchema, doc: OpenApiDocument): fc.Arbitrary<string> {
  const s = resolve(schema, doc);
  const numeric = typesOf(s).some((t) => t === 'integer' || t === 'number');
  const spelled = fieldValue(s, doc).map((value) => (typeof value === 'string' ? value : JSON.stringify(value) ?? ''));
  if (!numeric) return fc.oneof({ weight: 5, arbitrary: spelled }, { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS) });
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: (s.minimum ?? 0) - 2, max: (s.maximum ?? 100) + 2 }).map(String) },
    { weight: 2, arbitrary: fc.constantFrom('0x10', '1e1', ' 5', '+5', '5.0', '', '007', '-0', '1,2', '١٢', 'NaN', '1'.repeat(400)) },
    { weight: 1, arbitrary: spelled },
  );
}
