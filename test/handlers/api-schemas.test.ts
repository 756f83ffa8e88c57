import { describe, expect, it } from 'vitest';
import { validateEditorAction } from '../../functions/core/practices/editor-action-rules.js';
import type { EditorAction } from '../../functions/core/ports.js';
import { pageQuerySchema, practiceIdSchema, reviewQuerySchema, webhookCreateSchema } from '../../functions/handlers/api/schemas.js';
import { regionFeedQuerySchema } from '../../functions/handlers/api/story-schemas.js';

// This file loads the schemas alone, without zod's classic API (which sets English messages up on
// its first schema): the messages below come from core/zod-setup.ts, or they would all read "Invalid input".
describe('the API schemas (zod/mini)', () => {
  it('word their issues in English, as the classic API does', () => {
    expect(practiceIdSchema.safeParse(5).error?.issues.map((i) => i.message)).toEqual(['Invalid input: expected string, received number']);
    expect(reviewQuerySchema.safeParse({ status: 'x' }).error?.issues.map((i) => i.message)).toEqual(['Invalid option: expected one of "pending"|"approved"|"rejected"']);
    const events = ['practice.approved', 'source.failing', 'practice.approved'];
    expect(webhookCreateSchema.safeParse({ url: 'https://example.org/h', events }).error?.issues.map((i) => i.message)).toEqual(['Too big: expected array to have <=2 items']);
    expect(regionFeedQuerySchema.safeParse({ limit: '101' }).error?.issues.map((i) => i.message)).toEqual(['Too big: expected number to be <=100']);
  });

  it('word the core editing rules the same way', () => {
    const edit: EditorAction = { type: 'edit', overrides: { title: 'x'.repeat(2001) } };
    expect(() => validateEditorAction(edit)).toThrow('title: Too big: expected string to have <=2000 characters');
  });

  it('keep their own messages, defaults and transforms', () => {
    expect(pageQuerySchema.parse({})).toEqual({ limit: 20 });
    expect(pageQuerySchema.safeParse({ limit: '0x10' }).error?.issues.map((i) => i.message)).toEqual(['a decimal integer from 1 to 100']);
    expect(reviewQuerySchema.parse({ region: 'ru-mow', limit: '5' })).toEqual({ region: 'RU-MOW', limit: 5, status: 'pending', classified: 'positive' });
  });
});
