import { assertActsForAgency } from '../accounts/roles.js';
import { isDeepStrictEqual } from 'node:util';
import type { Actor, AdoptionRecord, AdoptionState, SolutionRecord, Store } from '../../store/port.js';
import { newId } from '../../ids.js';
import { DomainError, conflict } from '../../errors.js';
import type { Deps } from '../deps.js';
import type { PublishDeps } from '../notes/publish-note.js';
import { adoptActivity, adoptionNote } from '../../activitypub/convert/adoption.js';
import { resultsFromAs } from '../../activitypub/convert/solution.js';
import { queueDelivery } from '../../activitypub/outbox/send.js';
import { queuePostFetch } from '../../activitypub/fetch/post-fetch-job.js';
import { ADOPTION_STATUS_IRI, SOLUTION_CONTEXT, fromSpIri } from '../../activitypub/vocab/samspil.js';
import { agencyActor } from './publish.js';
import { getSolution } from './read.js';
import { isValidAdoption, validateAdoption } from './validate.js';
import { normalizeFields, type AdoptionStatus } from './model.js';
import type { AdoptionInput } from './adoption-model.js';
import { onAdoptionReceived, type EventDeps } from './events.js';

function stateOf(a: AdoptionRecord): AdoptionState {
  return { revision: a.revision, status: a.status, note: a.note, language: a.language, results: a.results, startedAt: a.startedAt, at: a.at };
}

function inboxOf(actor: Actor): string {
  return actor.sharedInbox ?? actor.inbox;
}

/**
 * Our agency reports adopting another agency's solution (POST /api/v1/solutions/:id/adoptions).
 * One current adoption per (solution, agency): a second report with changes is a new revision,
 * the earlier state kept in its history. Sent as `Adopt` (data) plus a public reply `Note`
 * (words), both to the origin agency's inbox and to our followers, in one transaction.
 */
export async function reportAdoption(fed: PublishDeps, by: Actor, solutionId: string, body: unknown): Promise<{ adoption: AdoptionRecord; created: boolean }> {
  const input = validateAdoption(body);
  await assertActsForAgency(fed, by, 'report adoptions');
  const solution = await getSolution(fed, solutionId);
  if (solution.local) throw conflict('ADOPTION_OF_OWN_SOLUTION', 'an agency cannot report adopting its own solution');
  const adopter = await agencyActor(fed);
  const origin = await fed.store.actors.getById(solution.actorId);
  if (!origin) throw new DomainError('unavailable', 'ORIGIN_UNKNOWN', 'the solution\'s agency is not stored');
  const now = fed.now().toISOString();
  const state = {
    status: input.status, note: input.note ?? '', language: input.language ?? fed.config.instance.languages[0] ?? 'en',
    results: input.results ?? [], startedAt: input.startedAt ?? null,
  };
  const existing = await fed.store.solutions.getAdoption(solution.uri, adopter.id);
  if (existing && isDeepStrictEqual({ status: existing.status, note: existing.note, language: existing.language, results: existing.results, startedAt: existing.startedAt }, state)) {
    return { adoption: existing, created: false };
  }
  const id = existing?.id ?? newId(fed.now().getTime());
  const adoption: AdoptionRecord = existing
    ? { ...existing, ...state, revision: existing.revision + 1, at: now, history: [...existing.history, stateOf(existing)] }
    : { id, uri: `${fed.urls.base}/adoptions/${id}`, solutionUri: solution.uri, adopterId: adopter.id, local: true, revision: 1, ...state, at: now, createdAt: now, history: [] };
  const adopt = adoptActivity(adoption, adopter, origin);
  const noteDoc = adoptionNote(adoption, adopter, origin, solution, fed.urls.base);
  const { '@context': _c, ...noteObject } = noteDoc;
  const create = {
    '@context': SOLUTION_CONTEXT, id: `${noteDoc.id}/activity`, type: 'Create', actor: adopter.uri, published: now,
    to: noteDoc.to, cc: noteDoc.cc, object: noteObject,
  };
  const audience = { followers: true, inboxes: [inboxOf(origin)] };
  await fed.store.transaction(async (tx) => {
    if (existing) await tx.solutions.updateAdoption(adoption.id, adoption);
    else await tx.solutions.putAdoption(adoption);
    await tx.activities.put({ id: newId(fed.now().getTime()), uri: String(adopt.id), type: 'Adopt', actorId: adopter.id, objectUri: solution.uri, local: true, public: false, createdAt: now, data: adopt });
    await tx.objects.put({
      id: newId(fed.now().getTime()), uri: String(noteDoc.id), type: 'Note', actorId: adopter.id, local: true, url: String(noteDoc.id), inReplyToUri: solution.uri,
      visibility: 'public', language: state.language, publishedAt: now, updatedAt: null, deletedAt: null, data: noteDoc,
    });
    await tx.activities.put({ id: newId(fed.now().getTime()), uri: create.id, type: 'Create', actorId: adopter.id, objectUri: String(noteDoc.id), local: true, public: true, createdAt: now, data: create });
    await queueDelivery(fed, tx, adopter, adopt, audience);
    await queueDelivery(fed, tx, adopter, create, audience);
  });
  fed.wake?.();
  return { adoption, created: !existing };
}

const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const idOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof obj(v)?.id === 'string' ? String(obj(v)!.id) : undefined);
function host(uri: string): string | undefined {
  try {
    return new URL(uri).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * An Adoption document from another server (embedded in its Adopt, or fetched from its origin
 * after an Add), applied: the record must be the adopter's own (attributedTo = adopter, id on the
 * adopter's host), a higher revision replaces the current state and keeps the old one in history,
 * an older or equal one changes nothing. A solution we do not have yet is fetched from its origin.
 */
export async function applyRemoteAdoption(deps: EventDeps, store: Store, adopter: Actor, doc: Record<string, unknown>): Promise<AdoptionRecord | undefined> {
  const uri = idOf(doc);
  const solutionUri = idOf(doc.adoptionOf);
  if (!uri || !solutionUri || doc.type !== 'Adoption') return undefined;
  if (host(uri) !== host(adopter.uri) || idOf(doc.attributedTo) !== adopter.uri) return undefined;
  if (host(solutionUri) === deps.urls.host && !(await store.solutions.getByUri(solutionUri))) return undefined;
  const status = fromSpIri(ADOPTION_STATUS_IRI, doc.adoptionStatus) as AdoptionStatus | undefined;
  const startedAt = typeof doc.startDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(doc.startDate) ? doc.startDate : undefined;
  const language = typeof doc.primaryLanguage === 'string' ? doc.primaryLanguage : undefined;
  const input = normalizeFields<AdoptionInput>({ status: status!, note: typeof doc.note === 'string' ? doc.note.slice(0, 5000) : undefined, language, results: resultsFromAs(doc.results), startedAt });
  if (!status || !isValidAdoption(input)) return undefined;
  const revision = Number.isInteger(doc.revision) && (doc.revision as number) > 0 ? (doc.revision as number) : 1;
  const at = typeof doc.updated === 'string' && !Number.isNaN(Date.parse(doc.updated)) ? new Date(doc.updated).toISOString() : deps.now().toISOString();
  const state = { status, note: input.note ?? '', language: input.language ?? null, results: input.results ?? [], startedAt: input.startedAt ?? null, revision, at };
  const existing = await store.solutions.getAdoption(solutionUri, adopter.id);
  let adoption: AdoptionRecord;
  if (existing) {
    if (existing.uri !== uri || revision <= existing.revision) return existing;
    adoption = (await store.solutions.updateAdoption(existing.id, { ...state, history: [...existing.history, stateOf(existing)] }))!;
  } else {
    if (await store.solutions.getAdoptionByUri(uri)) return undefined;
    const now = deps.now().toISOString();
    const published = typeof doc.published === 'string' && !Number.isNaN(Date.parse(doc.published)) ? new Date(doc.published).toISOString() : now;
    adoption = await store.solutions.putAdoption({ id: newId(deps.now().getTime()), uri, solutionUri, adopterId: adopter.id, local: false, ...state, createdAt: published, history: [] });
  }
  const solution = await store.solutions.getByUri(solutionUri);
  if (solution) await onAdoptionReceived({ ...deps, store }, solution, adoption);
  else if (host(solutionUri) !== deps.urls.host) await queuePostFetch(deps, store, solutionUri);
  return adoption;
}

/**
 * The origin tells its followers that its solution's adoptions grew: Add(object = the adoption's
 * id, target = the solution's adoptions collection). Receivers fetch the record from the adopter's
 * server; they never take the origin's word for another server's document.
 */
export async function queueAdoptionAnnouncement(deps: EventDeps, store: Store, solution: SolutionRecord, adoption: AdoptionRecord): Promise<void> {
  const organisation = await store.actors.getById(solution.actorId);
  if (!organisation || organisation.domain !== null) return;
  const add = {
    '@context': SOLUTION_CONTEXT,
    id: `${solution.uri}/adoptions#add-${adoption.id}-${adoption.revision}`,
    type: 'Add',
    actor: organisation.uri,
    object: adoption.uri,
    target: `${solution.uri}/adoptions`,
    to: ['https://www.w3.org/ns/activitystreams#Public'],
    cc: organisation.followersUri ? [organisation.followersUri] : [],
  };
  await queueDelivery(deps, store, organisation, add, { followers: true });
}
