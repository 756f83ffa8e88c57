import { describe, expect, it } from 'vitest';
import { loadConfig } from '../functions/config.js';

describe('loadConfig', () => {
  it('applies defaults and marks a run with endpoints as local', () => {
    const config = loadConfig({ DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' });
    expect(config).toMatchObject({ tableName: 'practice-watch', localPort: 3000, local: true, auth: { editorScope: 'editor' } });
    expect(loadConfig({}).local).toBe(false);
  });

  it('reads every variable it knows, coercing the port', () => {
    const config = loadConfig({ TABLE_NAME: 't', RAW_BUCKET: 'b', PORT: '4100', AUTH_EDITOR_SCOPE: 'practice-watch/editor', LOG_LEVEL: 'DEBUG' });
    expect(config).toMatchObject({ tableName: 't', rawBucket: 'b', localPort: 4100, logLevel: 'DEBUG', auth: { editorScope: 'practice-watch/editor' } });
  });

  it('lists every bad variable in one readable error', () => {
    expect(() => loadConfig({ S3_ENDPOINT: 'not a url', CURSOR_SECRET: 'short', PORT: '70000', LOG_LEVEL: 'LOUD' })).toThrow(
      /S3_ENDPOINT: not a valid URL; CURSOR_SECRET: must be at least 16 characters; LOG_LEVEL: must be one of DEBUG, INFO, WARN, ERROR, SILENT; PORT: must be at most 65535/,
    );
  });
});
