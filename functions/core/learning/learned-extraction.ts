import { documentFeatures, scoreFeatures, type AnnouncementClassifier, type ClassifierModel } from '../extraction/classifier.js';
import { EXTRACTOR_VERSION, extractPractice } from '../extraction/extract-practice.js';
import type { ExtractionInput, ExtractionRecord } from '../model.js';
import type { StoredModel } from './model-store.js';

export { extractPractice };

/** A classifier over a given model (the weights indexed once). */
export function classifierFor(model: ClassifierModel): AnnouncementClassifier {
  const weights = new Map(Object.entries(model.weights));
  return (input) => scoreFeatures(documentFeatures(input), model, weights);
}

/**
 * Whether a stored model fits the running code: features are computed by the code, so a model
 * trained with another extractor version may weigh features that no longer exist or mean
 * something else. Such a model is ignored (the shipped one applies) until the next retrain.
 */
export function modelFitsCode(stored: StoredModel): boolean {
  return stored.baseExtractorVersion === EXTRACTOR_VERSION;
}

const classifiers = new Map<string, AnnouncementClassifier>();

/**
 * Extraction with a promoted model: the record carries the model's extractor version. With no
 * model, or one trained for other code, it is `extractPractice` with the shipped model.
 */
export function extractWithModel(input: ExtractionInput, stored: StoredModel | null): ExtractionRecord {
  if (!stored || !modelFitsCode(stored)) return extractPractice(input);
  let classifier = classifiers.get(stored.version);
  if (!classifier) {
    classifier = classifierFor(stored.model);
    classifiers.clear();
    classifiers.set(stored.version, classifier);
  }
  return { ...extractPractice(input, { classifier }), extractorVersion: stored.extractorVersion };
}
