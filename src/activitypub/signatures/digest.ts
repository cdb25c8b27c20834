import { createHash, timingSafeEqual } from 'node:crypto';

/** `SHA-256=<base64>` as Mastodon sends it in the Digest header. */
export function digestHeader(body: Buffer | string): string {
  return `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
}

/**
 * True when the Digest header carries a SHA-256 entry matching the body. The header may list several
 * algorithms (`SHA-256=...,SHA-512=...`); only SHA-256 is checked and it must be present.
 */
export function digestMatches(header: string, body: Buffer): boolean {
  const expected = createHash('sha256').update(body).digest();
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim().toLowerCase() !== 'sha-256') continue;
    const given = Buffer.from(part.slice(eq + 1).trim(), 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  return false;
}
