import { describe, expect, it } from 'vitest';
import shipped from '../../functions/core/extraction/classifier-model.json' with { type: 'json' };
import type { ClassifierModel } from '../../functions/core/extraction/classifier.js';
import { EXTRACTOR_VERSION, extractPractice } from '../../functions/core/extraction/extract-practice.js';
import { modelAwareExtractor } from '../../functions/adapters/learning/model-aware-extractor.js';
import { MemoryModelStore } from '../../functions/adapters/learning/memory-learning-stores.js';
import type { StoredModel } from '../../functions/core/learning/model-store.js';
import { rollback } from '../../scripts/retrain/run-retrain.js';

const input = {
  sourceId: 'eval',
  url: 'https://example.ru/news/1',
  title: 'Опыт Татарстана по цифровизации рекомендован к тиражированию',
  publishedAt: null,
  author: null,
  lead: null,
  bodyText: 'Минэкономразвития отобрало практику Республики Татарстан для распространения в других регионах.',
  tags: [],
  images: [],
};

/** A model that says "no" to everything: its bias outweighs any evidence. */
function stored(version: string, base = EXTRACTOR_VERSION): StoredModel {
  const model: ClassifierModel = { bias: -50, calibration: { a: 1, b: 0 }, threshold: 0.5, weights: (shipped as ClassifierModel).weights };
  return { version, baseExtractorVersion: base, extractorVersion: `${base}+${version}`, trainedAt: '2026-12-04T03:00:00.000Z', trainedOn: [], editorExamples: [], hyperparameters: { cuePenalty: 16, wordPenalty: 8 }, model };
}

describe('the extractor with the promoted model (S3 in production, the memory twin here)', () => {
  it('uses the shipped model without a promoted one, the promoted one with its extractor version, and the shipped one again after a rollback', async () => {
    const models = new MemoryModelStore();
    let clock = 0;
    const extract = modelAwareExtractor(models, { refreshMs: 1000, now: () => clock });
    const plain = await extract(input);
    expect(plain).toEqual(extractPractice(input));
    expect(plain.isPracticeAnnouncement).toBe(true);

    await models.save(stored('m-20261204T030000Z'));
    await models.setCurrent({ version: 'm-20261204T030000Z', previous: null, promotedAt: '2026-12-04T03:00:00.000Z' });
    // Cached until the refresh interval has passed.
    expect((await extract(input)).extractorVersion).toBe(EXTRACTOR_VERSION);
    clock += 1000;
    const learned = await extract(input);
    expect(learned.extractorVersion).toBe(`${EXTRACTOR_VERSION}+m-20261204T030000Z`);
    expect(learned.isPracticeAnnouncement).toBe(false);
    expect(learned.regions.map((r) => r.code)).toEqual(plain.regions.map((r) => r.code));

    expect(await rollback(models, new Date('2026-12-04T04:00:00Z'))).toEqual({ from: 'm-20261204T030000Z', to: 'shipped', reextractJob: null });
    clock += 1000;
    expect(await extract(input)).toEqual(plain);
    await expect(rollback(models, new Date())).rejects.toThrow(/shipped one is in use/);
  });

  it('ignores a model trained for other extraction code, and keeps extracting when the store fails', async () => {
    const models = new MemoryModelStore();
    await models.save(stored('m-20261204T030000Z', '1999.01.01-old'));
    await models.setCurrent({ version: 'm-20261204T030000Z', previous: null, promotedAt: '2026-12-04T03:00:00.000Z' });
    expect(await modelAwareExtractor(models)(input)).toEqual(extractPractice(input));
    const errors: unknown[] = [];
    const broken = { current: async () => Promise.reject(new Error('S3 is down')), get: async () => null };
    expect(await modelAwareExtractor(broken, { onModelError: (error) => errors.push(error) })(input)).toEqual(extractPractice(input));
    expect(errors).toHaveLength(1);
  });
});
