import type { SolutionRecord, Store, StoredObject } from '../../store/port.js';
import { fieldsFromArticle, isSolutionDocument } from '../../activitypub/convert/solution.js';
import { adoptionNoteUri, notifyAdoption, onSolutionReply, onSolutionReplyDeleted, type EventDeps } from './events.js';

function host(uri: string): string {
  return new URL(uri).host.toLowerCase();
}

function revisionOf(doc: Record<string, unknown>): number | undefined {
  return Number.isInteger(doc.revision) && (doc.revision as number) > 0 ? (doc.revision as number) : undefined;
}

/** A reply that is an adoption's paired Note is filed under adoptions, not discussion. */
export function isAdoptionNote(object: Pick<StoredObject, 'data'>): boolean {
  return typeof object.data.adoption === 'string';
}

/**
 * A remote post was stored (Create, or fetched from its origin). A solution Article gets its
 * structured record; a reply to a solution we hold is counted through events.ts.
 * `deps.store` is the transaction the post was stored in.
 */
export async function afterRemotePostStored(deps: EventDeps, object: StoredObject): Promise<void> {
  const store = deps.store as Store;
  if (isSolutionDocument(object.data)) await upsertRemoteSolution(deps, object);
  if (isAdoptionNote(object)) {
    const adoption = await store.solutions.getAdoptionByUri(String(object.data.adoption));
    const solution = adoption && adoptionNoteUri(adoption) === object.uri ? await store.solutions.getByUri(adoption.solutionUri) : undefined;
    if (adoption && solution && adoption.adopterId === object.actorId) await notifyAdoption(deps, solution, adoption, object);
  }
  if (object.inReplyToUri && !isAdoptionNote(object) && (object.visibility === 'public' || object.visibility === 'unlisted')) {
    const solution = await store.solutions.getByUri(object.inReplyToUri);
    if (solution && !solution.deletedAt) await onSolutionReply(deps, solution, object);
  }
}

/** Update of a remote post: a solution takes the new fields when the revision is newer. */
export async function afterRemotePostUpdated(deps: EventDeps, object: StoredObject): Promise<void> {
  if (isSolutionDocument(object.data)) await upsertRemoteSolution(deps, object);
}

/** Delete of a remote post: a solution leaves the catalogue; a reply is no longer counted. */
export async function afterRemotePostDeleted(deps: EventDeps, object: StoredObject): Promise<void> {
  const store = deps.store as Store;
  const solution = await store.solutions.getByUri(object.uri);
  if (solution && !solution.deletedAt) await store.solutions.update(solution.id, { deletedAt: deps.now().toISOString() });
  if (object.inReplyToUri && !isAdoptionNote(object)) {
    const parent = await store.solutions.getByUri(object.inReplyToUri);
    if (parent && !parent.deletedAt) await onSolutionReplyDeleted(deps, parent, object);
  }
}

async function upsertRemoteSolution(deps: EventDeps, object: StoredObject): Promise<SolutionRecord | undefined> {
  const store = deps.store as Store;
  const fields = fieldsFromArticle(object.data);
  if (!fields) {
    deps.log.info({ uri: object.uri }, 'a solution Article without the fields of a solution: kept as a post only');
    return undefined;
  }
  const revision = revisionOf(object.data);
  const at = object.updatedAt ?? object.publishedAt;
  const existing = await store.solutions.getByUri(object.uri);
  if (existing) {
    if (existing.deletedAt || existing.actorId !== object.actorId) return existing;
    const next = revision ?? existing.revision + 1;
    if (next <= existing.revision) return existing;
    const updated = await store.solutions.update(existing.id, { fields, revision: next, updatedAt: at, url: object.url });
    await store.solutions.addRevision({ solutionId: existing.id, revision: next, at, fields });
    return updated;
  }
  const record: SolutionRecord = {
    id: object.id, uri: object.uri, actorId: object.actorId, authorId: null, local: false, url: object.url, origin: host(object.uri),
    revision: revision ?? 1, publishedAt: object.publishedAt, updatedAt: object.updatedAt, deletedAt: null, repliesCount: 0, fields,
  };
  await store.solutions.put(record);
  await store.solutions.addRevision({ solutionId: record.id, revision: record.revision, at, fields });
  // Replies that arrived before the solution did.
  const replies = (await store.solutions.listReplies(record.uri, 1000)).filter((r) => !isAdoptionNote(r));
  if (replies.length) await store.solutions.addReplies(record.id, replies.length);
  return record;
}
