import { invalid } from '../../errors.js';

const HOST = /^(?=.{1,253}(?::\d{1,5})?$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/;

/** A domain as Mastodon normalizes it: trimmed, lower-case, IDN to punycode; a URL gives its host. */
export function normalizeDomain(raw: unknown): string {
  if (typeof raw !== 'string' || !raw.trim()) throw invalid('DOMAIN_MISSING', "Validation failed: Domain can't be blank");
  let s = raw.trim().toLowerCase();
  if (/^[a-z]+:\/\//.test(s)) {
    try { s = new URL(s).host; } catch { /* checked below */ }
  }
  try {
    const host = new URL(`http://${s}/`).host;
    if (host && HOST.test(host)) return host;
  } catch { /* invalid */ }
  throw invalid('DOMAIN_INVALID', 'Validation failed: Domain is not a valid domain name');
}

/** An account domain block covers the domain with or without a port, as users type it. */
export function domainMatches(blocked: string, actorDomain: string | null): boolean {
  if (!actorDomain) return false;
  return actorDomain === blocked || actorDomain.replace(/:\d+$/, '') === blocked;
}

