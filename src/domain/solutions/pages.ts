import type { Actor, AdoptionRecord, SolutionQuery, SolutionRecord, SolutionRevision, SolutionSearchResult, StoredObject } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { getSolution } from './read.js';
import { isAdoptionNote } from './ingest.js';

/** Everything the public page of one solution shows, read in one place so routes never reach the store. */
export interface SolutionPageData {
  record: SolutionRecord;
  organisation: Actor | undefined;
  author: Actor | undefined;
  adoptions: Array<{ adoption: AdoptionRecord; adopter: Actor | undefined }>;
  /** Questions and discussion; adoption notes are listed as adoptions instead. */
  replies: Array<{ object: StoredObject; author: Actor | undefined }>;
  revisions: SolutionRevision[];
  /** Our agency's current adoption of it, when we reported one (remote solutions only). */
  ours: AdoptionRecord | undefined;
}

/** The actors a page names, in one read. */
async function actorsById(deps: Pick<Deps, 'store'>, ids: Array<string | null>): Promise<Map<string, Actor>> {
  const distinct = [...new Set(ids.filter((id): id is string => !!id))];
  return new Map(distinct.length ? (await deps.store.actors.getMany({ ids: distinct })).map((a) => [a.id, a]) : []);
}

/** Our agency's actor, or undefined before the first start made it (a page still renders). */
async function ourAgency(deps: Pick<Deps, 'store' | 'config'>): Promise<Actor | undefined> {
  return deps.store.actors.getByUsername(deps.config.instance.agencyUsername, null);
}

/** 404 when unknown, 410 when deleted (getSolution). */
export async function solutionPageData(deps: Pick<Deps, 'store' | 'config'>, id: string): Promise<SolutionPageData> {
  const record = await getSolution(deps, id);
  const [adoptions, replies, revisions, agency] = await Promise.all([
    deps.store.solutions.listAdoptions(record.uri),
    deps.store.solutions.listReplies(record.uri, 500),
    deps.store.solutions.listRevisions(record.id),
    ourAgency(deps),
  ]);
  const discussion = replies.filter((r) => !isAdoptionNote(r));
  // Who shared and wrote it, adopted it and asked about it: one read for all of them.
  const actors = await actorsById(deps, [record.actorId, record.authorId, ...adoptions.map((a) => a.adopterId), ...discussion.map((r) => r.actorId)]);
  return {
    record, organisation: actors.get(record.actorId), author: record.authorId ? actors.get(record.authorId) : undefined, revisions,
    adoptions: adoptions.map((adoption) => ({ adoption, adopter: actors.get(adoption.adopterId) })),
    replies: discussion.map((object) => ({ object, author: actors.get(object.actorId) })),
    ours: agency && !record.local ? adoptions.find((a) => a.adopterId === agency.id) : undefined,
  };
}

/** What the adoption form needs: the solution, who shared it, and what we reported before. */
export async function adoptionFormData(deps: Pick<Deps, 'store' | 'config'>, id: string): Promise<{ record: SolutionRecord; organisation: Actor | undefined; ours: AdoptionRecord | undefined }> {
  const record = await getSolution(deps, id);
  const [organisation, agency] = await Promise.all([deps.store.actors.getById(record.actorId), ourAgency(deps)]);
  const ours = agency && !record.local ? await deps.store.solutions.getAdoption(record.uri, agency.id) : undefined;
  return { record, organisation, ours };
}

/** A catalogue (or tag) page: the matches and the agencies that shared them. */
export async function catalogueData(deps: Pick<Deps, 'store'>, query: SolutionQuery): Promise<{ result: SolutionSearchResult; organisations: Map<string, Actor> }> {
  const result = await deps.store.solutions.search(query);
  return { result, organisations: await actorsById(deps, result.items.map((r) => r.actorId)) };
}
