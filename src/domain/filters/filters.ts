import { DomainError, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import type { FilterAction, FilterContext, FilterKeyword, FilterStatus, UserFilter } from '../../store/port.js';
import type { Deps } from '../deps.js';

/**
 * Content filters as Mastodon's filters v2 (CustomFilter): a title, the contexts it applies in,
 * an action, an optional expiry, keywords and statuses. Validation answers with Mastodon's
 * wording. Bounds (Mastodon has none; every list here is read on each timeline page): 100 filters
 * per user, 100 keywords and 100 statuses per filter.
 */
export const CONTEXTS: readonly FilterContext[] = ['home', 'notifications', 'public', 'thread', 'account'];
export const ACTIONS: readonly FilterAction[] = ['warn', 'hide', 'blur'];
export const MAX_FILTERS = 100;
export const MAX_PARTS = 100;
const MAX_TITLE = 256;
const MAX_KEYWORD = 512;

export interface FilterView {
  filter: UserFilter;
  keywords: FilterKeyword[];
  statuses: FilterStatus[];
}

export interface KeywordInput {
  id?: string;
  keyword?: unknown;
  wholeWord?: boolean;
  destroy?: boolean;
}

export interface FilterInput {
  title?: unknown;
  context?: unknown;
  action?: unknown;
  /** Seconds from now; null removes the expiry; undefined leaves it. */
  expiresIn?: number | null;
  keywords?: KeywordInput[];
}

const recordNotFound = () => notFound('FILTER_NOT_FOUND', 'Record not found');
const invalid = (problems: string[]) => new DomainError('invalid', 'FILTER_INVALID', `Validation failed: ${problems.join(', ')}`);

function checkTitle(title: unknown, problems: string[]): string | undefined {
  const t = typeof title === 'string' ? title.trim() : '';
  if (!t) problems.push("Title can't be blank");
  else if (t.length > MAX_TITLE) problems.push(`Title is too long (maximum is ${MAX_TITLE} characters)`);
  return t || undefined;
}

function checkContext(context: unknown, problems: string[]): FilterContext[] | undefined {
  const list = Array.isArray(context) ? context : context === undefined || context === null || context === '' ? [] : [context];
  if (list.length === 0) {
    problems.push("Context can't be blank");
    return undefined;
  }
  if (list.some((c) => !CONTEXTS.includes(c as FilterContext))) {
    problems.push('Context None or invalid context supplied');
    return undefined;
  }
  return [...new Set(list as FilterContext[])];
}

function checkAction(action: unknown, problems: string[]): FilterAction | undefined {
  if (action === undefined) return undefined;
  if (!ACTIONS.includes(action as FilterAction)) {
    problems.push('Filter action is not included in the list');
    return undefined;
  }
  return action as FilterAction;
}

function checkKeyword(keyword: unknown, problems: string[], prefix = ''): string | undefined {
  const k = typeof keyword === 'string' ? keyword.trim() : '';
  if (!k) problems.push(`${prefix}Keyword can't be blank`);
  else if (k.length > MAX_KEYWORD) problems.push(`${prefix}Keyword is too long (maximum is ${MAX_KEYWORD} characters)`);
  return k || undefined;
}

function expiryOf(deps: Pick<Deps, 'now'>, seconds: number | null | undefined): string | null | undefined {
  if (seconds === undefined) return undefined;
  if (seconds === null) return null;
  return new Date(deps.now().getTime() + seconds * 1000).toISOString();
}

export async function ownFilter(deps: Pick<Deps, 'store'>, userId: string, id: string): Promise<UserFilter> {
  const filter = await deps.store.filters.getById(id);
  if (!filter || filter.userId !== userId) throw recordNotFound();
  return filter;
}

export async function viewsOf(deps: Pick<Deps, 'store'>, filters: UserFilter[]): Promise<FilterView[]> {
  const ids = filters.map((f) => f.id);
  const [keywords, statuses] = await Promise.all([deps.store.filters.keywordsOf(ids), deps.store.filters.statusesOf(ids)]);
  return filters.map((filter) => ({ filter, keywords: keywords.filter((k) => k.filterId === filter.id), statuses: statuses.filter((s) => s.filterId === filter.id) }));
}

export async function filtersOf(deps: Pick<Deps, 'store'>, userId: string): Promise<FilterView[]> {
  return viewsOf(deps, await deps.store.filters.listForUser(userId));
}

export async function filterView(deps: Pick<Deps, 'store'>, userId: string, id: string): Promise<FilterView> {
  return (await viewsOf(deps, [await ownFilter(deps, userId, id)]))[0]!;
}

export async function createFilter(deps: Deps, userId: string, input: FilterInput): Promise<FilterView> {
  const problems: string[] = [];
  const title = checkTitle(input.title, problems);
  const context = checkContext(input.context, problems);
  const action = checkAction(input.action, problems) ?? 'warn';
  const keywords = (input.keywords ?? []).filter((k) => !k.destroy).map((k) => ({ keyword: checkKeyword(k.keyword, problems, 'Keywords '), wholeWord: k.wholeWord ?? true }));
  if (keywords.length > MAX_PARTS) problems.push(`Keywords are too many (maximum is ${MAX_PARTS})`);
  if (problems.length) throw invalid(problems);
  if ((await deps.store.filters.listForUser(userId)).length >= MAX_FILTERS) throw invalid([`You cannot have more than ${MAX_FILTERS} filters`]);
  const now = deps.now();
  const filter: UserFilter = {
    id: newId(now.getTime()), userId, title: title!, context: context!, action, expiresAt: expiryOf(deps, input.expiresIn) ?? null,
    createdAt: now.toISOString(), updatedAt: now.toISOString(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.filters.put(filter);
    for (const k of keywords) await tx.filters.putKeyword({ id: newId(now.getTime()), filterId: filter.id, keyword: k.keyword!, wholeWord: k.wholeWord, createdAt: now.toISOString() });
  });
  return filterView(deps, userId, filter.id);
}

/** PUT /api/v2/filters/:id: the given fields; keywords_attributes add (no id), change (id) or remove (`_destroy`). */
export async function updateFilter(deps: Deps, userId: string, id: string, input: FilterInput): Promise<FilterView> {
  const filter = await ownFilter(deps, userId, id);
  const problems: string[] = [];
  const title = input.title !== undefined ? checkTitle(input.title, problems) : undefined;
  const context = input.context !== undefined ? checkContext(input.context, problems) : undefined;
  const action = checkAction(input.action, problems);
  const existing = await deps.store.filters.keywordsOf([filter.id]);
  const changes = (input.keywords ?? []).map((k) => {
    if (k.id !== undefined && !existing.some((e) => e.id === k.id)) throw recordNotFound();
    const keyword = k.destroy ? undefined : k.keyword !== undefined || k.id === undefined ? checkKeyword(k.keyword, problems, 'Keywords ') : undefined;
    return { ...k, keyword };
  });
  const added = changes.filter((k) => k.id === undefined && !k.destroy).length;
  const removed = changes.filter((k) => k.id !== undefined && k.destroy).length;
  if (existing.length + added - removed > MAX_PARTS) problems.push(`Keywords are too many (maximum is ${MAX_PARTS})`);
  if (problems.length) throw invalid(problems);
  const now = deps.now();
  await deps.store.transaction(async (tx) => {
    await tx.filters.update(filter.id, {
      ...(title !== undefined ? { title } : {}), ...(context !== undefined ? { context } : {}), ...(action !== undefined ? { action } : {}),
      ...(input.expiresIn !== undefined ? { expiresAt: expiryOf(deps, input.expiresIn) ?? null } : {}), updatedAt: now.toISOString(),
    });
    for (const k of changes) {
      if (k.id === undefined) {
        if (!k.destroy) await tx.filters.putKeyword({ id: newId(now.getTime()), filterId: filter.id, keyword: k.keyword!, wholeWord: k.wholeWord ?? true, createdAt: now.toISOString() });
      } else if (k.destroy) await tx.filters.deleteKeyword(k.id);
      else await tx.filters.updateKeyword(k.id, { ...(k.keyword !== undefined ? { keyword: k.keyword } : {}), ...(k.wholeWord !== undefined ? { wholeWord: k.wholeWord } : {}) });
    }
  });
  return filterView(deps, userId, filter.id);
}

export async function deleteFilter(deps: Deps, userId: string, id: string): Promise<void> {
  await ownFilter(deps, userId, id);
  await deps.store.filters.delete(id);
}

/** A keyword of one of the user's filters, or 404. */
export async function ownKeyword(deps: Pick<Deps, 'store'>, userId: string, id: string): Promise<FilterKeyword> {
  const k = await deps.store.filters.getKeyword(id);
  if (!k) throw recordNotFound();
  await ownFilter(deps, userId, k.filterId);
  return k;
}

export async function addKeyword(deps: Deps, userId: string, filterId: string, input: { keyword?: unknown; wholeWord?: boolean }): Promise<FilterKeyword> {
  const filter = await ownFilter(deps, userId, filterId);
  const problems: string[] = [];
  const keyword = checkKeyword(input.keyword, problems);
  if ((await deps.store.filters.keywordsOf([filter.id])).length >= MAX_PARTS) problems.push(`Keywords are too many (maximum is ${MAX_PARTS})`);
  if (problems.length) throw invalid(problems);
  const now = deps.now();
  return deps.store.filters.putKeyword({ id: newId(now.getTime()), filterId: filter.id, keyword: keyword!, wholeWord: input.wholeWord ?? true, createdAt: now.toISOString() });
}

export async function changeKeyword(deps: Deps, userId: string, id: string, input: { keyword?: unknown; wholeWord?: boolean }): Promise<FilterKeyword> {
  await ownKeyword(deps, userId, id);
  const problems: string[] = [];
  const keyword = input.keyword !== undefined ? checkKeyword(input.keyword, problems) : undefined;
  if (problems.length) throw invalid(problems);
  const out = await deps.store.filters.updateKeyword(id, { ...(keyword !== undefined ? { keyword } : {}), ...(input.wholeWord !== undefined ? { wholeWord: input.wholeWord } : {}) });
  if (!out) throw recordNotFound();
  return out;
}

export async function removeKeyword(deps: Deps, userId: string, id: string): Promise<void> {
  await ownKeyword(deps, userId, id);
  await deps.store.filters.deleteKeyword(id);
}

export async function ownFilterStatus(deps: Pick<Deps, 'store'>, userId: string, id: string): Promise<FilterStatus> {
  const s = await deps.store.filters.getStatus(id);
  if (!s) throw recordNotFound();
  await ownFilter(deps, userId, s.filterId);
  return s;
}

/** A status the user can see (checked by the caller) added to a filter; twice -> 422 as Mastodon. */
export async function addFilterStatus(deps: Deps, userId: string, filterId: string, statusId: string): Promise<FilterStatus> {
  const filter = await ownFilter(deps, userId, filterId);
  const existing = await deps.store.filters.statusesOf([filter.id]);
  if (existing.some((s) => s.statusId === statusId)) throw invalid(['Status has already been taken']);
  if (existing.length >= MAX_PARTS) throw invalid([`Statuses are too many (maximum is ${MAX_PARTS})`]);
  const now = deps.now();
  return deps.store.filters.putStatus({ id: newId(now.getTime()), filterId: filter.id, statusId, createdAt: now.toISOString() });
}

export async function removeFilterStatus(deps: Deps, userId: string, id: string): Promise<void> {
  await ownFilterStatus(deps, userId, id);
  await deps.store.filters.deleteStatus(id);
}
