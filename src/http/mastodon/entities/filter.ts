import type { FilterView } from '../../../domain/filters/filters.js';
import type { FilterMatch } from '../../../domain/filters/match.js';
import type { FilterKeyword, FilterStatus } from '../../../store/port.js';

/** Mastodon's FilterKeyword, FilterStatus, Filter (v2), FilterResult and V1::Filter entities. */
export const serializeKeyword = (k: FilterKeyword) => ({ id: k.id, keyword: k.keyword, whole_word: k.wholeWord });
export const serializeFilterStatus = (s: FilterStatus) => ({ id: s.id, status_id: s.statusId });

export function serializeFilter(v: FilterView) {
  return {
    id: v.filter.id,
    title: v.filter.title,
    context: v.filter.context,
    expires_at: v.filter.expiresAt,
    filter_action: v.filter.action,
    keywords: v.keywords.map(serializeKeyword),
    statuses: v.statuses.map(serializeFilterStatus),
  };
}

export type MastodonFilterResult = { filter: ReturnType<typeof serializeFilter>; keyword_matches: string[] | null; status_matches: string[] | null };

export function serializeFilterResult(m: FilterMatch): MastodonFilterResult {
  return {
    filter: serializeFilter(m.view),
    keyword_matches: m.keywordMatches.length ? m.keywordMatches : null,
    status_matches: m.statusMatches.length ? m.statusMatches : null,
  };
}

/** The v1 view: one entry per keyword (Mastodon's V1::Filter), `irreversible` for `hide`. */
export function serializeV1Filters(views: FilterView[]) {
  return views.flatMap((v) => v.keywords.map((k) => ({
    id: k.id, phrase: k.keyword, context: v.filter.context, whole_word: k.wholeWord, expires_at: v.filter.expiresAt, irreversible: v.filter.action === 'hide',
  })));
}
