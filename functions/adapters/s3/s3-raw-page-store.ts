import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { RawPage, RawPageMeta, RawPageStore } from '../../core/ports.js';
import { translateTransient } from '../dynamo/dynamo-errors.js';
import { rawKeyFor } from './raw-key.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

// S3 user metadata must be ASCII: every value is URL-encoded on the way in and decoded on the way out.
function toMetadata(meta: RawPageMeta): Record<string, string> {
  const values: Record<string, string> = {
    url: meta.url,
    status: String(meta.status),
    'fetched-at': meta.fetchedAt,
    'source-id': meta.sourceId,
    headers: JSON.stringify(meta.headers),
  };
  if (meta.charset) values.charset = meta.charset;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeURIComponent(v)]));
}

function fromMetadata(metadata: Record<string, string> | undefined): RawPageMeta {
  const m = Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k.toLowerCase(), decodeURIComponent(v)]));
  return {
    sourceId: m['source-id'] ?? '',
    url: m.url ?? '',
    status: Number(m.status ?? 0),
    headers: m.headers ? (JSON.parse(m.headers) as Record<string, string>) : {},
    fetchedAt: m['fetched-at'] ?? '',
    ...(m.charset ? { charset: m.charset } : {}),
  };
}

/** Response headers kept with a snapshot: bounded, because S3 user metadata holds 2 KB at most. */
function boundedHeaders(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  let size = 0;
  for (const [name, value] of Object.entries(headers)) {
    const cost = encodeURIComponent(JSON.stringify({ [name]: value })).length;
    if (size + cost > 1200) continue;
    kept[name] = value;
    size += cost;
  }
  return kept;
}

/**
 * Raw fetched bytes in S3, content-addressed (`raw/<sha256 of the bytes>`) and gzip-compressed at
 * rest (`ContentEncoding: gzip`), with the fetch metadata in the object's user metadata.
 * Storing the same bytes again is a no-op: the first snapshot's metadata is kept.
 */
export class S3RawPageStore implements RawPageStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(page: RawPage): Promise<{ key: string }> {
    const key = rawKeyFor(page.bytes);
    try {
      if (await this.exists(key)) return { key };
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: await gzipAsync(page.bytes),
          ContentEncoding: 'gzip',
          ContentType: 'application/octet-stream',
          Metadata: toMetadata({ ...page.meta, headers: boundedHeaders(page.meta.headers) }),
        }),
      );
      return { key };
    } catch (error) {
      throw translateTransient(error, { url: page.meta.url, sourceId: page.meta.sourceId });
    }
  }

  async get(key: string): Promise<RawPage | null> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const stored = await result.Body!.transformToByteArray();
      // Some servers and proxies undo Content-Encoding on the way out; gzip's magic bytes tell.
      const bytes = stored[0] === 0x1f && stored[1] === 0x8b ? new Uint8Array(await gunzipAsync(stored)) : stored;
      return { bytes, meta: fromMetadata(result.Metadata) };
    } catch (error) {
      if (statusOf(error) === 404 || (error as Error).name === 'NoSuchKey') return null;
      throw translateTransient(error, { key });
    }
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (statusOf(error) === 404 || (error as Error).name === 'NotFound') return false;
      throw error;
    }
  }
}

/** Creates the bucket when missing (local runtime and tests; the deployed bucket comes from CDK). */
export async function ensureBucket(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch (error) {
    if (statusOf(error) !== 404 && (error as Error).name !== 'NotFound') throw error;
  }
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const name = (error as Error).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
  }
}
