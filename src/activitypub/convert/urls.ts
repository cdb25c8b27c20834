/**
 * The one gate for URLs taken from remote documents: only http(s), as a normalised href, or
 * nothing. A `javascript:` or `data:` URL from a remote server must never reach a page, an API
 * entity or the store, so every converter reads remote URLs through this and nothing else.
 */
export function httpUrl(v: unknown): string | null {
  if (typeof v !== 'string' || v.length > 4096) return null;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/** The first http(s) URL of an AS2 `url`/`icon`/`image` value: a string, a Link/Image object, or an array of them. */
export function httpUrlOf(v: unknown, depth = 0): string | null {
  if (depth > 3) return null;
  if (typeof v === 'string') return httpUrl(v);
  if (Array.isArray(v)) {
    for (const item of v.slice(0, 10)) {
      const found = httpUrlOf(item, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (v && typeof v === 'object') {
    const o = v as { href?: unknown; url?: unknown };
    return httpUrl(o.href) ?? httpUrlOf(o.url, depth + 1);
  }
  return null;
}
