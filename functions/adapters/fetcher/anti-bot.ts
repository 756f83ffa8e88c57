/** Server headers of the anti-bot services Russian government sites sit behind. */
const ANTI_BOT_SERVERS = /ddos-guard|qrator|servicepipe|variti|stormwall|cloudflare/i;

/** Markers of challenge pages (JavaScript or captcha walls) served in place of content. */
const CHALLENGE_MARKERS = /ddos-guard|__qrator|qrator\.net|servicepipe|challenge-platform|cf-chl-|cf_chl_|smartcaptcha|captcha\.yandex|stormwall|variti|checking your browser|проверка браузера|подтвердите, что вы не робот/i;

/** Challenge pages are small; a large page that mentions a captcha is content. */
const MAX_CHALLENGE_BYTES = 64 * 1024;

/**
 * Whether a response is an anti-bot wall rather than the page: an explicit challenge header, an
 * error status from a known anti-bot front, or a small HTML page carrying challenge markers
 * (some fronts answer 200). Such responses are `blocked`: retrying at once only prolongs the block.
 */
export function isAntiBotResponse(status: number, headers: Record<string, string>, body?: Uint8Array): boolean {
  if (headers['cf-mitigated'] === 'challenge') return true;
  if ((status === 403 || status === 429 || status === 503) && ANTI_BOT_SERVERS.test(headers.server ?? '')) {
    if (status !== 503 || body === undefined || looksLikeChallenge(headers, body)) return true;
  }
  return body !== undefined && looksLikeChallenge(headers, body);
}

function looksLikeChallenge(headers: Record<string, string>, body: Uint8Array): boolean {
  if (body.length === 0 || body.length > MAX_CHALLENGE_BYTES) return false;
  if (!/html/i.test(headers['content-type'] ?? 'text/html')) return false;
  return CHALLENGE_MARKERS.test(Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8'));
}
