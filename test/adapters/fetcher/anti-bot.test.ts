import { describe, expect, it } from 'vitest';
import { isAntiBotResponse } from '../../../functions/adapters/fetcher/anti-bot.js';

const html = (text: string) => new Uint8Array(Buffer.from(text));

describe('isAntiBotResponse', () => {
  it('recognises challenge headers and anti-bot fronts refusing us', () => {
    expect(isAntiBotResponse(403, { 'cf-mitigated': 'challenge' })).toBe(true);
    expect(isAntiBotResponse(403, { server: 'ddos-guard' })).toBe(true);
    expect(isAntiBotResponse(429, { server: 'QRATOR' })).toBe(true);
    expect(isAntiBotResponse(403, { server: 'nginx' })).toBe(false);
  });

  it('recognises a small challenge page served with 200, but not a real page that mentions a captcha', () => {
    expect(isAntiBotResponse(200, { 'content-type': 'text/html' }, html('<html><script src="/__qrator/qauth.js"></script></html>'))).toBe(true);
    expect(isAntiBotResponse(200, { 'content-type': 'text/html' }, html('<p>Подтвердите, что вы не робот</p>'))).toBe(true);
    const article = `<html><body>${'<p>Регион внедрил капчу на портале госуслуг: smartcaptcha помогает.</p>'.repeat(2000)}</body></html>`;
    expect(isAntiBotResponse(200, { 'content-type': 'text/html' }, html(article))).toBe(false);
    expect(isAntiBotResponse(200, { 'content-type': 'application/rss+xml' }, html('<rss><item><title>ddos-guard</title></item></rss>'))).toBe(false);
  });
});
