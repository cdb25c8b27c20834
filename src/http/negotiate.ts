/** What a GET on a resource that exists both as AS2 and as a page should answer. */
export type Representation = 'activity' | 'html' | 'json';

interface MediaRange { type: string; subtype: string; params: Record<string, string>; q: number }

function parseAccept(header: string | undefined): MediaRange[] {
  if (!header || !header.trim()) return [{ type: '*', subtype: '*', params: {}, q: 1 }];
  const ranges: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [mime, ...rest] = part.trim().split(';');
    const [type, subtype] = (mime ?? '').trim().toLowerCase().split('/');
    if (!type || !subtype) continue;
    const params: Record<string, string> = {};
    let q = 1;
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const k = p.slice(0, eq).trim().toLowerCase();
      const v = p.slice(eq + 1).trim().replace(/^"|"$/g, '');
      if (k === 'q') q = Number.isFinite(Number(v)) ? Number(v) : 0;
      else params[k] = v;
    }
    ranges.push({ type, subtype, params, q });
  }
  // A header with no parseable range says nothing; treat it like an absent one.
  return ranges.length ? ranges : [{ type: '*', subtype: '*', params: {}, q: 1 }];
}

const AS_PROFILE = 'https://www.w3.org/ns/activitystreams';

/**
 * Picks the representation: activity+json, or ld+json with the AS2 profile (ld+json without a profile
 * is accepted too, as Mastodon does), HTML for browsers, or undefined when nothing offered fits (406).
 */
export function negotiate(accept: string | undefined, offers: Representation[] = ['activity', 'html']): Representation | undefined {
  let best: { rep: Representation; q: number; specificity: number } | undefined;
  for (const r of parseAccept(accept)) {
    if (r.q <= 0) continue;
    const candidates: Array<[Representation, number]> = [];
    const full = `${r.type}/${r.subtype}`;
    if (full === 'application/activity+json') candidates.push(['activity', 3]);
    else if (full === 'application/ld+json') {
      const profile = r.params.profile;
      if (!profile || profile.split(/\s+/).includes(AS_PROFILE)) candidates.push(['activity', 3]);
    } else if (full === 'application/json') candidates.push(['json', 2], ['activity', 1]);
    else if (full === 'text/html' || full === 'application/xhtml+xml') candidates.push(['html', 3]);
    else if (full === 'application/*') candidates.push(['activity', 1], ['json', 1]);
    else if (full === 'text/*') candidates.push(['html', 1]);
    else if (full === '*/*') for (const o of offers) candidates.push([o, 0]);
    for (const [rep, specificity] of candidates) {
      if (!offers.includes(rep)) continue;
      if (!best || r.q > best.q || (r.q === best.q && specificity > best.specificity)) best = { rep, q: r.q, specificity };
    }
  }
  return best?.rep;
}

export const ACTIVITY_JSON = 'application/activity+json; charset=utf-8';
