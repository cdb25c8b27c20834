import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import {
  addFilterStatus, addKeyword, changeKeyword, createFilter, deleteFilter, filterView, filtersOf, ownFilter, ownFilterStatus, ownKeyword,
  removeFilterStatus, removeKeyword, updateFilter, type FilterInput, type KeywordInput,
} from '../../domain/filters/filters.js';
import { visibleObject } from '../../domain/statuses/access.js';
import { DomainError } from '../../errors.js';
import { readSchema } from '../../schemas.js';
import { requireAuth } from '../plugins/auth.js';
import { serializeFilter, serializeFilterStatus, serializeKeyword, serializeV1Filters } from './entities/filter.js';
import { toBool } from './params.js';

type Params = Record<string, unknown>;

const invalid = (detail: string) => new DomainError('invalid', 'FILTER_INVALID', `Validation failed: ${detail}`);

/** expires_in: seconds (Mastodon's), "" or null for "never"; absent leaves it. */
function expiresIn(v: unknown): number | null | undefined {
  if (v === undefined) return undefined;
  if (v === null || v === '') return null;
  const n = typeof v === 'number' ? v : /^\d{1,10}$/.test(String(v)) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n <= 0) throw invalid('Expires in is not a number of seconds');
  return n;
}

function keywordsOf(v: unknown): KeywordInput[] | undefined {
  if (v === undefined) return undefined;
  const list = Array.isArray(v) ? v : [];
  return list.map((raw) => {
    const k = (raw ?? {}) as Params;
    return {
      ...(k.id !== undefined && k.id !== '' ? { id: String(k.id) } : {}),
      keyword: k.keyword,
      wholeWord: toBool(k.whole_word),
      destroy: toBool(k._destroy) ?? false,
    };
  });
}

function filterInput(b: Params): FilterInput {
  return { title: b.title, context: b.context, action: b.filter_action, expiresIn: expiresIn(b.expires_in), keywords: keywordsOf(b.keywords_attributes) };
}

/** Filters v2 (Mastodon 4): filters with keywords and statuses; the v1 list is a read-only view of the keywords. */
export async function filterRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const userId = (request: FastifyRequest) => request.principal!.user!.id;
  const param = (request: FastifyRequest, name = 'id') => (request.params as Record<string, string>)[name]!;
  const read = { preHandler: requireAuth(deps, 'read:filters') };
  const write = (schema?: string) => ({ preHandler: requireAuth(deps, 'write:filters'), ...(schema ? { schema: { body: readSchema(`mastodon/${schema}.json`) } } : {}) });
  const body = (request: FastifyRequest) => (request.body ?? {}) as Params;

  app.get('/v2/filters', read, async (request) => (await filtersOf(deps, userId(request))).map(serializeFilter));
  app.post('/v2/filters', write('filter'), async (request) => serializeFilter(await createFilter(deps, userId(request), filterInput(body(request)))));

  // Static paths first (Fastify prefers them to :id anyway).
  app.get('/v2/filters/keywords/:id', read, async (request) => serializeKeyword(await ownKeyword(deps, userId(request), param(request))));
  app.put('/v2/filters/keywords/:id', write('filter-keyword'), async (request) =>
    serializeKeyword(await changeKeyword(deps, userId(request), param(request), { keyword: body(request).keyword, wholeWord: toBool(body(request).whole_word) })));
  app.delete('/v2/filters/keywords/:id', write(), async (request) => {
    await removeKeyword(deps, userId(request), param(request));
    return {};
  });
  app.get('/v2/filters/statuses/:id', read, async (request) => serializeFilterStatus(await ownFilterStatus(deps, userId(request), param(request))));
  app.delete('/v2/filters/statuses/:id', write(), async (request) => {
    await removeFilterStatus(deps, userId(request), param(request));
    return {};
  });

  app.get('/v2/filters/:id', read, async (request) => serializeFilter(await filterView(deps, userId(request), param(request))));
  app.put('/v2/filters/:id', write('filter'), async (request) => serializeFilter(await updateFilter(deps, userId(request), param(request), filterInput(body(request)))));
  app.delete('/v2/filters/:id', write(), async (request) => {
    await deleteFilter(deps, userId(request), param(request));
    return {};
  });

  app.get('/v2/filters/:id/keywords', read, async (request) => (await filterView(deps, userId(request), param(request))).keywords.map(serializeKeyword));
  app.post('/v2/filters/:id/keywords', write('filter-keyword'), async (request) =>
    serializeKeyword(await addKeyword(deps, userId(request), param(request), { keyword: body(request).keyword, wholeWord: toBool(body(request).whole_word) })));
  app.get('/v2/filters/:id/statuses', read, async (request) => (await filterView(deps, userId(request), param(request))).statuses.map(serializeFilterStatus));
  app.post('/v2/filters/:id/statuses', write('filter-status'), async (request) => {
    await ownFilter(deps, userId(request), param(request));
    const statusId = body(request).status_id;
    if (statusId === undefined || statusId === '') throw new DomainError('invalid', 'PARAM_MISSING', 'param is missing or the value is empty: status_id');
    // Only a status the user may see (else 404, as Mastodon).
    const object = await visibleObject(deps, request.principal!.actor!, String(statusId));
    return serializeFilterStatus(await addFilterStatus(deps, userId(request), param(request), object.id));
  });

  // v1: each keyword as a V1::Filter (read only here).
  app.get('/v1/filters', read, async (request) => serializeV1Filters(await filtersOf(deps, userId(request))));
  app.get('/v1/filters/:id', read, async (request) => {
    const k = await ownKeyword(deps, userId(request), param(request));
    const view = await filterView(deps, userId(request), k.filterId);
    return serializeV1Filters([{ ...view, keywords: [k] }])[0];
  });
}
