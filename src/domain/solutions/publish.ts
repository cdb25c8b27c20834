import { isDeepStrictEqual } from 'node:util';
import type { Actor, SolutionRecord, Store, StoredObject } from '../../store/port.js';
import { newId } from '../../ids.js';
import { DomainError, forbidden, notFound } from '../../errors.js';
import type { PublishDeps } from '../notes/publish-note.js';
import { createActivity, deleteActivity } from '../../activitypub/convert/activities.js';
import { solutionToArticle } from '../../activitypub/convert/solution.js';
import { queueDelivery } from '../../activitypub/outbox/send.js';
import { SOLUTION_CONTEXT } from '../../activitypub/vocab/samspil.js';
import { normalizeFields, type SolutionFields } from './model.js';
import { validateSolution, validateSolutionPatch } from './validate.js';
import { resolveUploads } from './uploads.js';
import { bindMedia } from '../media/media.js';
import { parseAcct } from '../accounts/directory.js';
import type { Deps } from '../deps.js';
import { actsForAgency, isPublisher } from '../accounts/roles.js';

/** The agency's Organization actor: every local solution is published in its name. */
export async function agencyActor(deps: Pick<Deps, 'store' | 'config'>, store: Store = deps.store): Promise<Actor> {
  const actor = await store.actors.getByUsername(deps.config.instance.agencyUsername, null);
  if (!actor) throw new DomainError('unavailable', 'NOT_READY', 'the agency actor does not exist yet');
  if (actor.suspendedAt) throw forbidden('ACCOUNT_SUSPENDED', 'the agency account is suspended');
  return actor;
}

/** Contacts' fediverse handles in one spelling (@user@host), so they round-trip unchanged. */
function tidy(fields: SolutionFields): SolutionFields {
  if (!fields.contacts) return fields;
  return { ...fields, contacts: fields.contacts.map((c) => (c.actor && !/^https?:\/\//.test(c.actor) && !c.actor.startsWith('@') ? { ...c, actor: `@${c.actor}` } : c)) };
}

function articleObject(deps: Pick<Deps, 'urls'>, record: SolutionRecord, organisation: Actor, author: Actor | null | undefined): StoredObject {
  const data = solutionToArticle({ record, organisation, author, base: deps.urls.base });
  return {
    id: record.id, uri: record.uri, type: 'Article', actorId: organisation.id, local: true, url: record.url, inReplyToUri: null,
    visibility: 'public', language: record.fields.language, publishedAt: record.publishedAt, updatedAt: record.updatedAt, deletedAt: null, data,
  };
}

async function prepare(deps: Pick<Deps, 'store' | 'urls'>, by: Actor, raw: unknown) {
  const { body, uploads } = await resolveUploads(deps, by, raw);
  return { fields: tidy(validateSolution(body)), uploads };
}

/**
 * The fields a body would be stored with, or the VALIDATION_FAILED that publishing would give,
 * without storing anything: for a preview before publishing (the web form's "Preview").
 */
export async function checkSolution(deps: Pick<Deps, 'store' | 'urls'>, by: Actor, raw: unknown): Promise<SolutionFields> {
  return (await prepare(deps, by, raw)).fields;
}

/** APPROVAL_REQUIRED unless `by` may publish in the agency's name without a publisher's approval. */
export async function assertMayPublish(fed: Pick<Deps, 'store' | 'config'>, by: Actor): Promise<void> {
  const user = by.domain === null ? await fed.store.users.getByActorId(by.id) : undefined;
  if (!actsForAgency(fed.config, user)) {
    throw forbidden('APPROVAL_REQUIRED', 'this agency publishes an author\'s solutions after a publisher approves them: submit it as a draft (POST /api/v1/solution-drafts)');
  }
}

/**
 * Publishes a solution for the agency: the Article (objects), its structured record with revision 1,
 * its Create (outbox) and one fan-out job to the agency's followers, in ONE transaction. Only
 * for those who act for the agency; an author's solution goes through a draft (drafts.ts).
 */
export async function publishSolution(fed: PublishDeps, by: Actor, raw: unknown): Promise<SolutionRecord> {
  await assertMayPublish(fed, by);
  return publishApproved(fed, by, raw);
}

/** Publishing itself, the right to it settled: by the caller's role, or by a publisher's approval. */
export async function publishApproved(fed: PublishDeps, by: Actor, raw: unknown): Promise<SolutionRecord> {
  const { fields, uploads } = await prepare(fed, by, raw);
  const organisation = await agencyActor(fed);
  const id = newId(fed.now().getTime());
  const uri = `${fed.urls.base}/solutions/${id}`;
  const now = fed.now().toISOString();
  const record: SolutionRecord = {
    id, uri, actorId: organisation.id, authorId: by.id, local: true, url: uri, origin: fed.urls.host, revision: 1,
    publishedAt: now, updatedAt: null, deletedAt: null, repliesCount: 0, fields,
  };
  const object = articleObject(fed, record, organisation, by);
  const activity = createActivity(object, organisation);
  activity['@context'] = SOLUTION_CONTEXT;
  await fed.store.transaction(async (tx) => {
    await tx.objects.put(object);
    await bindMedia(tx, by, uploads, id);
    await tx.solutions.put(record);
    await tx.solutions.addRevision({ solutionId: id, revision: 1, at: now, fields });
    await tx.activities.put({ id: newId(fed.now().getTime()), uri: String(activity.id), type: 'Create', actorId: organisation.id, objectUri: uri, local: true, public: true, createdAt: now, data: activity });
    await queueDelivery(fed, tx, organisation, activity, { followers: true });
  });
  fed.wake?.();
  return record;
}

/**
 * The local solution `by` may change or delete: NOT_AUTHOR unless they wrote it or are a
 * publisher (who revise in the agency's name), a moderator or an admin. Exported so a form can
 * say so before anything is typed. Whether the change needs approval is another question
 * (assertMayPublish).
 */
export async function editable(fed: Pick<Deps, 'store'>, by: Actor, id: string): Promise<SolutionRecord> {
  const record = await fed.store.solutions.getById(id);
  if (!record || !record.local) throw notFound('SOLUTION_NOT_FOUND', `no local solution ${id}`);
  if (record.deletedAt) throw new DomainError('gone', 'SOLUTION_DELETED', `solution ${id} was deleted at ${record.deletedAt}`);
  if (record.authorId !== by.id) {
    const user = await fed.store.users.getByActorId(by.id);
    if (!user || (user.role !== 'admin' && user.role !== 'moderator' && !isPublisher(user))) {
      throw forbidden('NOT_AUTHOR', 'only the author, a publisher, a moderator or an admin may change this solution');
    }
  }
  return record;
}

/**
 * Changes fields (PATCH semantics: the fields sent replace theirs; "" or [] clears an optional
 * one). A real change makes a new revision, kept in the history and sent as Update with the full
 * Article; a change that changes nothing makes none.
 */
export async function updateSolution(fed: PublishDeps, by: Actor, id: string, raw: unknown): Promise<SolutionRecord> {
  await editable(fed, by, id);
  await assertMayPublish(fed, by);
  return updateApproved(fed, by, id, raw);
}

/** The revision itself, the right to it settled (by role, or by a publisher approving a draft). */
export async function updateApproved(fed: PublishDeps, by: Actor, id: string, raw: unknown): Promise<SolutionRecord> {
  const { body, uploads } = await resolveUploads(fed, by, raw);
  const patch = validateSolutionPatch(body);
  const existing = await editable(fed, by, id);
  const fields = tidy(validateSolution(normalizeFields({ ...existing.fields, ...patch })));
  if (isDeepStrictEqual(fields, existing.fields)) return existing;
  const organisation = await agencyActor(fed);
  const author = existing.authorId ? await fed.store.actors.getById(existing.authorId) : null;
  const record = await fed.store.transaction(async (tx) => {
    await bindMedia(tx, by, uploads, id);
    return newRevision(fed, tx, existing, { fields, authorId: existing.authorId }, organisation, author ?? null);
  });
  fed.wake?.();
  return record;
}

/**
 * Writes revision N+1 (objects, record, history, outbox) and queues its Update with the full
 * Article to the followers, through `tx`. Receivers keep the first copy of each revision number,
 * so every change the world should see, authorship included, is a new revision.
 */
async function newRevision(
  fed: PublishDeps, tx: Store, existing: SolutionRecord, change: { fields: SolutionFields; authorId: string | null }, organisation: Actor, author: Actor | null,
): Promise<SolutionRecord> {
  const now = fed.now().toISOString();
  const record: SolutionRecord = { ...existing, fields: change.fields, authorId: change.authorId, revision: existing.revision + 1, updatedAt: now };
  const object = articleObject(fed, record, organisation, author);
  const { '@context': _ctx, ...article } = object.data;
  const activity = {
    '@context': SOLUTION_CONTEXT, id: `${record.uri}#updates/${record.revision}`, type: 'Update', actor: organisation.uri,
    published: now, to: article.to, cc: article.cc, object: article,
  };
  await tx.objects.update(record.id, { data: object.data, language: object.language, updatedAt: now });
  await tx.solutions.update(record.id, { fields: record.fields, authorId: record.authorId, revision: record.revision, updatedAt: now });
  await tx.solutions.addRevision({ solutionId: record.id, revision: record.revision, at: now, fields: record.fields });
  await tx.activities.put({ id: newId(fed.now().getTime()), uri: activity.id, type: 'Update', actorId: organisation.id, objectUri: record.uri, local: true, public: false, createdAt: now, data: activity });
  await queueDelivery(fed, tx, organisation, activity, { followers: true });
  return record;
}

/** Deletes a local solution: Tombstone in objects, out of search, Delete(Tombstone) to followers. */
export async function deleteSolution(fed: PublishDeps, by: Actor, id: string): Promise<void> {
  const existing = await editable(fed, by, id);
  const organisation = await agencyActor(fed);
  await fed.store.transaction((tx) => tombstone(fed, tx, existing, organisation));
  fed.wake?.();
}

async function tombstone(fed: PublishDeps, tx: Store, existing: SolutionRecord, organisation: Actor): Promise<void> {
  const object = await tx.objects.getById(existing.id);
  const now = fed.now().toISOString();
  const activity = deleteActivity({ ...(object ?? { uri: existing.uri }) } as StoredObject, organisation, 'Article');
  await tx.objects.update(existing.id, { deletedAt: now, data: { id: existing.uri, type: 'Tombstone', formerType: 'Article', deleted: now } });
  await tx.solutions.update(existing.id, { deletedAt: now });
  const create = await tx.activities.getByUri(`${existing.uri}/activity`);
  if (create) await tx.activities.deleteByUri(create.uri);
  await tx.activities.put({ id: newId(fed.now().getTime()), uri: String(activity.id), type: 'Delete', actorId: organisation.id, objectUri: existing.uri, local: true, public: false, createdAt: now, data: activity });
  await queueDelivery(fed, tx, organisation, activity, { followers: true });
}

export type AuthoredSolutions = 'keep' | 'delete';

/** The contact entries that name the person by their fediverse handle or actor URL go with them. */
function withoutContact(deps: Pick<Deps, 'urls'>, fields: SolutionFields, person: Actor): SolutionFields {
  if (!fields.contacts) return fields;
  const isTheirs = (ref: string) => {
    if (/^https?:\/\//.test(ref)) return ref === person.uri;
    const { username, domain } = parseAcct(deps, ref);
    return domain === null && username.toLowerCase() === person.username.toLowerCase();
  };
  const contacts = fields.contacts.filter((c) => !c.actor || !isTheirs(c.actor.trim()));
  return normalizeFields({ ...fields, contacts });
}

/**
 * A staff member is erased. Solutions are the agency's, so by default they stay, published by the
 * agency without the person's name (a new revision, federated as Update, so copies elsewhere lose
 * the name too); with `delete` they are deleted and federated as Delete. Runs inside one of the
 * erasure's transactions, on at most `limit` solutions (each loses its author, so the next call goes
 * on with the rest). Returns how many were kept, deleted and handled in all (`handled` < `limit`:
 * none are left).
 */
export async function releaseSolutionsOf(fed: PublishDeps, tx: Store, author: Actor, mode: AuthoredSolutions, limit = Infinity): Promise<{ kept: number; deleted: number; handled: number }> {
  const counts = { kept: 0, deleted: 0, handled: 0 };
  const solutions = (await tx.solutions.listByAuthor(author.id)).slice(0, limit);
  if (solutions.length === 0) return counts;
  counts.handled = solutions.length;
  const organisation = await agencyActor(fed, tx);
  for (const s of solutions) {
    if (s.deletedAt) {
      await tx.solutions.update(s.id, { authorId: null });
    } else if (mode === 'delete') {
      await tombstone(fed, tx, s, organisation);
      await tx.solutions.update(s.id, { authorId: null });
      counts.deleted++;
    } else {
      await newRevision(fed, tx, s, { fields: withoutContact(fed, s.fields, author), authorId: null }, organisation, null);
      // Files uploaded for it are the agency's now: they stay with the solution.
      await tx.media.reassignObject(s.id, organisation.id);
      counts.kept++;
    }
  }
  return counts;
}
