// The rule for a link's destination: an absolute http(s) URL of at most 2048 bytes, nothing that could smuggle
// a header or a script. Returns the normalized href (safe as a Location header) or the reason it was refused.

export const MAX_URL_BYTES = 2048;

export type TargetUrlCheck = { ok: true; url: string } | { ok: false; error: string };

const WHITESPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f-\u009f]/;
const HTTP_PREFIX = /^https?:\/\//i;

export function checkTargetUrl(raw: unknown): TargetUrlCheck {
  if (raw === undefined || raw === null || raw === '') return { ok: false, error: 'url is required' };
  if (typeof raw !== 'string') return { ok: false, error: 'url must be a string' };
  if (Buffer.byteLength(raw, 'utf8') > MAX_URL_BYTES) return { ok: false, error: `url must be at most ${MAX_URL_BYTES} bytes` };
  if (WHITESPACE_OR_CONTROL.test(raw)) return { ok: false, error: 'url must not contain whitespace or control characters' };
  // Checked on the raw text, so "javascript:", "data:", relative and scheme-relative URLs all stop here.
  if (!HTTP_PREFIX.test(raw)) return { ok: false, error: 'url must be an absolute URL starting with http:// or https://' };
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { ok: false, error: 'url is not a valid URL' };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { ok: false, error: 'url scheme must be http or https' };
  if (u.hostname === '') return { ok: false, error: 'url must have a host' };
  if (u.username !== '' || u.password !== '') return { ok: false, error: 'url must not contain a user name or password' };
  // Normalization percent-encodes non-ASCII, which can lengthen the URL; the stored form must fit too.
  if (u.href.length > MAX_URL_BYTES) return { ok: false, error: `url must be at most ${MAX_URL_BYTES} bytes once percent-encoded` };
  return { ok: true, url: u.href };
}
