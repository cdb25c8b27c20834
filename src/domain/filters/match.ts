import type { FilterContext, UserFilter } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { viewsOf, type FilterView } from './filters.js';

/**
 * Applying filters as Mastodon's CustomFilter does: the user's filters for a context that have not
 * expired; a keyword matches the status's text case-insensitively, a whole-word keyword only at
 * word boundaries on the sides where it begins or ends with a word character (Ruby's [[:word:]],
 * Unicode letters, marks, digits and connectors, so "påmindelse" is one word); a status matches by
 * id. Posts of the viewer's own are never filtered (as Mastodon).
 */
export interface ActiveFilter extends FilterView {
  patterns: Array<{ keyword: string; re: RegExp }>;
  statusIds: Set<string>;
}

export interface FilterMatch {
  view: FilterView;
  keywordMatches: string[];
  statusMatches: string[];
}

const WORD = String.raw`[\p{L}\p{M}\p{N}\p{Pc}]`;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Mastodon's CustomFilter.keyword_regex, with Unicode word characters. */
export function keywordRegex(keyword: string, wholeWord: boolean): RegExp {
  const body = escapeRe(keyword);
  if (!wholeWord) return new RegExp(body, 'iu');
  const starts = new RegExp(`^${WORD}`, 'u').test(keyword);
  const ends = new RegExp(`${WORD}$`, 'u').test(keyword);
  return new RegExp(`${starts ? `(?<!${WORD})` : ''}${body}${ends ? `(?!${WORD})` : ''}`, 'iu');
}

export function isActive(filter: UserFilter, context: FilterContext, now: Date): boolean {
  return filter.context.includes(context) && (filter.expiresAt === null || Date.parse(filter.expiresAt) > now.getTime());
}

export async function activeFilters(deps: Pick<Deps, 'store' | 'now'>, userId: string, context: FilterContext): Promise<ActiveFilter[]> {
  const now = deps.now();
  const filters = (await deps.store.filters.listForUser(userId)).filter((f) => isActive(f, context, now));
  if (filters.length === 0) return [];
  return (await viewsOf(deps, filters)).map((v) => ({
    ...v,
    patterns: v.keywords.map((k) => ({ keyword: k.keyword, re: keywordRegex(k.keyword, k.wholeWord) })),
    statusIds: new Set(v.statuses.map((s) => s.statusId)),
  }));
}

/** The filters a status matches: `text` is its plain text, content warning and media descriptions. */
export function matchFilters(active: readonly ActiveFilter[], status: { id: string; text: string }): FilterMatch[] {
  const out: FilterMatch[] = [];
  for (const f of active) {
    const keywordMatches = f.patterns.filter((p) => p.re.test(status.text)).map((p) => p.keyword);
    const statusMatches = f.statusIds.has(status.id) ? [status.id] : [];
    if (keywordMatches.length || statusMatches.length) out.push({ view: f, keywordMatches, statusMatches });
  }
  return out;
}
