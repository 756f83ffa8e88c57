import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import { buildOpenApiDocument } from '../../functions/handlers/api/openapi.js';

type Operation = { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> };
type Doc = { paths: Record<string, Record<string, Operation>>; components: Record<string, unknown> };

/** Checks real responses against the OpenAPI document: documented status, media type and body schema. */
export function openApiChecker() {
  const doc = buildOpenApiDocument() as unknown as Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema({ $id: 'https://openapi.test/doc', components: doc.components });
  return async function conforms(template: string, method: string, response: Response): Promise<unknown> {
    const operation = doc.paths[template]?.[method.toLowerCase()];
    expect(operation, `${method} ${template} is documented`).toBeDefined();
    const documented = operation!.responses[String(response.status)];
    expect(documented, `${method} ${template} documents ${response.status}`).toBeDefined();
    if (response.status === 204 || response.status === 304) return null;
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const content = documented!.content?.[mediaType];
    expect(content, `${method} ${template} ${response.status} documents ${mediaType}`).toBeDefined();
    const text = await response.text();
    if (!mediaType.endsWith('json')) return text;
    const body = JSON.parse(text);
    const schema = JSON.parse(JSON.stringify(content!.schema).replaceAll('"#/components/', '"https://openapi.test/doc#/components/'));
    const validate = ajv.compile(schema);
    expect(validate(body) ? [] : validate.errors, `${method} ${template} ${response.status}`).toEqual([]);
    return body;
  };
}
