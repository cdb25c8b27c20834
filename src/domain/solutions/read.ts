import type { Actor, AdoptionRecord, FacetName, SolutionQuery, SolutionRecord } from '../../store/port.js';
import { DomainError, invalid, notFound } from '../../errors.js';
import type { Deps } from '../deps.js';
import { FIELD_NAMES } from './model.js';

export interface ActorSummary { uri: string; name: string; handle: string; url: string | null; local: boolean }

export function actorSummary(deps: Pick<Deps, 'urls'>, actor: Actor | undefined): ActorSummary | null {
  if (!actor) return null;
  return {
    uri: actor.uri, name: actor.displayName || actor.username, handle: `@${actor.username}@${actor.domain ?? deps.urls.host}`,
    url: actor.url ?? (actor.domain ? actor.uri : deps.urls.profile(actor.username)), local: actor.domain === null,
  };
}

/** A solution by its id (local or federated); 404 when unknown, 410 when deleted. */
export async function getSolution(deps: Pick<Deps, 'store'>, id: string): Promise<SolutionRecord> {
  const record = await deps.store.solutions.getById(id);
  if (!record) throw notFound('SOLUTION_NOT_FOUND', `no solution ${id}`);
  if (record.deletedAt) throw new DomainError('gone', 'SOLUTION_DELETED', `solution ${id} was deleted at ${record.deletedAt}`);
  return record;
}

export async function adoptionView(deps: Pick<Deps, 'store' | 'urls'>, a: AdoptionRecord) {
  const adopter = await deps.store.actors.getById(a.adopterId);
  return {
    id: a.id, uri: a.uri, solution: a.solutionUri, adopter: actorSummary(deps, adopter), status: a.status, note: a.note, language: a.language,
    results: a.results, startedAt: a.startedAt, revision: a.revision, updated: a.at, published: a.createdAt,
    history: a.history.map((h) => ({ revision: h.revision, status: h.status, note: h.note, results: h.results, startedAt: h.startedAt, updated: h.at })),
  };
}

/** The native API's JSON for a solution: the client-set fields plus the server-set ones. */
export async function solutionView(
  deps: Pick<Deps, 'store' | 'urls'>, record: SolutionRecord, options: { adoptions?: boolean; adoptionsOf?: AdoptionRecord[]; actors?: ReadonlyMap<string, Actor> } = {},
) {
  const actor = (id: string) => (options.actors ? options.actors.get(id) : deps.store.actors.getById(id));
  const [organisation, author, adoptions] = await Promise.all([
    actor(record.actorId),
    record.authorId ? actor(record.authorId) : undefined,
    options.adoptionsOf ?? deps.store.solutions.listAdoptions(record.uri),
  ]);
  const fields: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) if (record.fields[name] !== undefined) fields[name] = record.fields[name];
  return {
    id: record.id, uri: record.uri, url: record.url,
    ...fields,
    organisation: actorSummary(deps, organisation),
    ...(author ? { author: actorSummary(deps, author) } : {}),
    origin: record.origin, local: record.local,
    published: record.publishedAt, updated: record.updatedAt, revision: record.revision,
    adoptions: {
      count: adoptions.length,
      ...(options.adoptions === false ? {} : { items: await Promise.all(adoptions.map((a) => adoptionView(deps, a))) }),
    },
    replies: { count: record.repliesCount },
  };
}

export async function solutionRevisions(deps: Pick<Deps, 'store'>, id: string) {
  const record = await getSolution(deps, id);
  return (await deps.store.solutions.listRevisions(record.id)).map((r) => ({ revision: r.revision, at: r.at, fields: r.fields }));
}

export const MAX_PAGE = 100;

/** The query string of GET /api/v1/solutions (and the HTML catalogue) as the store's query. */
export function parseSolutionQuery(q: Record<string, unknown>): SolutionQuery {
  const list = (v: unknown): string[] | undefined => {
    const xs = (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter(Boolean);
    return xs.length ? xs.slice(0, 20) : undefined;
  };
  const int = (v: unknown, name: string, dflt: number, max: number) => {
    if (v === undefined || v === '') return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > max) throw invalid('QUERY_INVALID', `${name} must be an integer from 0 to ${max}`, [{ pointer: `/${name}`, detail: `must be an integer from 0 to ${max}` }]);
    return n;
  };
  const text = typeof q.q === 'string' ? q.q.slice(0, 500) : undefined;
  const query: SolutionQuery = { limit: int(q.limit, 'limit', 20, MAX_PAGE) || 20, offset: int(q.offset, 'offset', 0, 100_000), ...(text ? { text } : {}) };
  for (const f of ['sector', 'language', 'maturity', 'origin', 'tag'] as FacetName[]) {
    const values = list(q[f]);
    if (values) query[f] = values;
  }
  return query;
}

export async function searchSolutions(deps: Pick<Deps, 'store' | 'urls'>, query: SolutionQuery) {
  const result = await deps.store.solutions.search(query);
  // totalExact false: `total` is a lower bound (more matched); facetsExact[f] false: that facet's
  // counts are lower bounds, counted over the newest matches only (docs/solutions-api.md).
  // The page's adoptions in one read (listAdoptionsOf keeps listAdoptions' order), not one per solution.
  const adoptions = new Map<string, AdoptionRecord[]>();
  for (const a of await deps.store.solutions.listAdoptionsOf(result.items.map((r) => r.uri))) adoptions.set(a.solutionUri, [...(adoptions.get(a.solutionUri) ?? []), a]);
  // The page's agencies and authors in one read too: a look-up per solution was 20 to 200 store calls a page.
  const ids = [...new Set(result.items.flatMap((r) => (r.authorId ? [r.actorId, r.authorId] : [r.actorId])))];
  const actors = new Map(ids.length ? (await deps.store.actors.getMany({ ids })).map((a) => [a.id, a]) : []);
  return {
    total: result.total, totalExact: result.totalExact, limit: query.limit, offset: query.offset,
    items: await Promise.all(result.items.map((r) => solutionView(deps, r, { adoptions: false, adoptionsOf: adoptions.get(r.uri) ?? [], actors }))),
    facets: result.facets, facetsExact: result.facetsExact,
  };
}
