'use strict';
/**
 * Loaded into the local s3rver process (`node --require`, see local-stack.ts). s3rver 3.7 answers a
 * PUT before its object file is flushed (the promise settles on the source stream's `finish`, not
 * on the file's `close`) and rewrites an object and its metadata in place (truncate, then write),
 * so a GET right after a PUT, or during an overwrite, can read a partial or empty object: tests
 * that overwrite a small JSON state and read it back failed now and then under load. Real S3 never
 * shows a partial object. Here each file is written to a temporary name beside it and renamed over
 * the old one once closed, and the PUT answers after that.
 */
const crypto = require('node:crypto');
const path = require('node:path');
const { Readable, Transform } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const fs = require('fs-extra');
const FilesystemStore = require('s3rver/lib/stores/filesystem');
const S3Object = require('s3rver/lib/models/object');

const temporary = (file) => `${file}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.part`;

async function writeWhole(file, data) {
  const temp = temporary(file);
  await fs.writeFile(temp, data);
  await fs.rename(temp, file);
}

FilesystemStore.prototype.putObject = async function putObject(object) {
  const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
  await fs.mkdirp(path.dirname(objectPath));
  const md5Context = crypto.createHash('md5');
  let size = 0;
  const temp = temporary(objectPath);
  const source = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
  try {
    await pipeline(
      source,
      new Transform({
        transform(chunk, encoding, callback) {
          md5Context.update(chunk, encoding);
          size += chunk.length;
          callback(null, chunk);
        },
      }),
      fs.createWriteStream(temp),
    );
    await fs.rename(temp, objectPath);
  } catch (error) {
    await fs.remove(temp);
    throw error;
  }
  const md5 = md5Context.digest('hex');
  await this.putMetadata(object.bucket, object.key, object.metadata, md5);
  return { size, md5 };
};

FilesystemStore.prototype.putMetadata = async function putMetadata(bucket, key, metadata, md5) {
  // What s3rver keeps of a PUT's headers: its allowed standard ones and the user's x-amz-meta-*.
  const kept = {};
  for (const [name, value] of Object.entries(metadata || {})) {
    if (S3Object.ALLOWED_METADATA.includes(name) || name.startsWith('x-amz-meta-')) kept[name] = value;
  }
  if (md5) await writeWhole(this.getResourcePath(bucket, key, 'object.md5'), md5);
  await writeWhole(this.getResourcePath(bucket, key, 'metadata.json'), JSON.stringify(kept, null, 2));
};

/**
 * A read opens the file first and takes its length from that open file: a rename between s3rver's
 * own stat of the path and its open would pair one version's length with the other's bytes.
 */
FilesystemStore.prototype.getObject = async function getObject(bucket, key, options) {
  let fd;
  try {
    fd = await fs.open(this.getResourcePath(bucket, key, 'object'), 'r');
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  }
  let handedOver = false;
  try {
    const metadata = await this.getMetadata(bucket, key);
    const stat = await fs.fstat(fd);
    metadata['content-length'] = stat.size;
    metadata['last-modified'] = stat.mtime.toUTCString();
    const lastByte = Math.max(0, stat.size - 1);
    const ranged = options && (options.start !== undefined || options.end);
    const range = { start: (options && options.start) || 0, end: Math.min((options && options.end) || Infinity, lastByte) };
    if (range.start < 0 || range.end < range.start) {
      const object = new S3Object(bucket, key, null, metadata);
      if (ranged) object.range = range;
      return object;
    }
    const content = fs.createReadStream(null, { fd, start: range.start, end: range.end, autoClose: true });
    handedOver = true;
    const object = new S3Object(bucket, key, content, metadata);
    if (ranged) object.range = range;
    return object;
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  } finally {
    if (!handedOver) await fs.close(fd);
  }
};
