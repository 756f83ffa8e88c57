import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { LabelledExample, LabelledExampleStore } from '../../core/learning/labelled-example.js';
import { SHIPPED_VERSION, type CurrentModel, type ModelStore, type StoredModel } from '../../core/learning/model-store.js';
import type { ReextractJobState, ReextractJobStore } from '../../core/learning/reextract-job.js';
import { translateTransient } from '../dynamo/dynamo-errors.js';

/**
 * What the learning loop keeps, as JSON objects in the raw-page bucket under `learning/` (the bucket
 * is versioned, so an overwritten pointer or label is recoverable too):
 * - `learning/labels/<practiceId>.json`: the editors' labelled example of a record (latest wins);
 * - `learning/models/<version>.json`: every model a retrain produced (promoted or not);
 * - `learning/models/current.json`: which one the extractor uses, and the one before (rollback);
 * - `learning/reextract/job.json`: the latest re-extraction job's state and progress.
 */
export const LEARNING_PREFIX = 'learning/';
export const LABELS_PREFIX = `${LEARNING_PREFIX}labels/`;
export const MODELS_PREFIX = `${LEARNING_PREFIX}models/`;
const CURRENT_KEY = `${MODELS_PREFIX}current.json`;
export const REEXTRACT_PREFIX = `${LEARNING_PREFIX}reextract/`;
export const REEXTRACT_JOB_KEY = `${REEXTRACT_PREFIX}job.json`;

const notFound = (error: unknown): boolean =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404 || (error as Error).name === 'NoSuchKey';

async function getJson<T>(client: S3Client, bucket: string, key: string): Promise<T | null> {
  try {
    const result = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse(await result.Body!.transformToString('utf-8')) as T;
  } catch (error) {
    if (notFound(error)) return null;
    throw translateTransient(error, { key });
  }
}

async function putJson(client: S3Client, bucket: string, key: string, value: unknown): Promise<void> {
  try {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(value), ContentType: 'application/json' }));
  } catch (error) {
    throw translateTransient(error, { key });
  }
}

/** Record ids are hashes; anything else is refused rather than turned into a key. */
function labelKey(practiceId: string): string {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(practiceId)) throw new Error(`not a practice id: ${practiceId}`);
  return `${LABELS_PREFIX}${practiceId}.json`;
}

/** Editors' labelled examples in S3. */
export class S3LabelledExampleStore implements LabelledExampleStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  put(example: LabelledExample): Promise<void> {
    return putJson(this.client, this.bucket, labelKey(example.practiceId), example);
  }

  async remove(practiceId: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: labelKey(practiceId) }));
    } catch (error) {
      if (!notFound(error)) throw translateTransient(error, { practiceId });
    }
  }

  async list(): Promise<LabelledExample[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: LABELS_PREFIX, ContinuationToken: token }));
      for (const object of page.Contents ?? []) if (object.Key?.endsWith('.json')) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    const examples: LabelledExample[] = [];
    // A few at a time: thousands of small objects, read without flooding the connection pool.
    for (let i = 0; i < keys.length; i += 16) {
      const batch = await Promise.all(keys.slice(i, i + 16).map((key) => getJson<LabelledExample>(this.client, this.bucket, key)));
      for (const example of batch) if (example) examples.push(example);
    }
    return examples.sort((a, b) => (a.practiceId < b.practiceId ? -1 : a.practiceId > b.practiceId ? 1 : 0));
  }
}

/** Versioned classifier models in S3. */
export class S3ModelStore implements ModelStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  private key(version: string): string {
    if (!/^m-\d{8}T\d{6}Z$/.test(version)) throw new Error(`not a model version: ${version}`);
    return `${MODELS_PREFIX}${version}.json`;
  }

  save(model: StoredModel): Promise<void> {
    return putJson(this.client, this.bucket, this.key(model.version), model);
  }

  async get(version: string): Promise<StoredModel | null> {
    if (version === SHIPPED_VERSION) return null;
    return getJson<StoredModel>(this.client, this.bucket, this.key(version));
  }

  current(): Promise<CurrentModel | null> {
    return getJson<CurrentModel>(this.client, this.bucket, CURRENT_KEY);
  }

  setCurrent(pointer: CurrentModel): Promise<void> {
    return putJson(this.client, this.bucket, CURRENT_KEY, pointer);
  }
}

/** The latest re-extraction job's state in S3 (written only by the one-at-a-time re-extraction function). */
export class S3ReextractJobStore implements ReextractJobStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  get(): Promise<ReextractJobState | null> {
    return getJson<ReextractJobState>(this.client, this.bucket, REEXTRACT_JOB_KEY);
  }

  put(state: ReextractJobState): Promise<void> {
    return putJson(this.client, this.bucket, REEXTRACT_JOB_KEY, state);
  }
}
