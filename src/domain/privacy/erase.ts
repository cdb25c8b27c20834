import { DomainError } from '../../errors.js';
import { PUBLIC, AS_CONTEXT } from '../../activitypub/vocab/context.js';
import { queueDelivery } from '../../activitypub/outbox/send.js';
import type { Deps } from '../deps.js';
import { getLocalLogin } from '../accounts/accounts.js';
import { audit } from '../audit.js';
import { deleteMediaFiles } from '../media/media.js';
import { releaseSolutionsOf, type AuthoredSolutions } from '../solutions/publish.js';

export interface ErasureResult {
  username: string;
  objectsDeleted: number;
  activitiesDeleted: number;
  followsDeleted: number;
  reportsDeleted: number;
  mediaDeleted: number;
  /** Solutions they wrote that stay the agency's, without their name / that were deleted. */
  solutionsKept: number;
  solutionsDeleted: number;
  /** Inboxes the Delete(actor) goes to. */
  inboxes: number;
}

const MAX_FOLLOWS = 100_000;

/**
 * Erases a person (the right to erasure): their login and everything hanging off it, their posts,
 * activities, follows and the reports they filed. Every server that follows them or that they
 * follow is sent Delete(actor), so their copies go too. What stays is a tombstone actor row:
 * its URI and username (already public, and never to be reused by someone else) and the key that
 * signs the Delete; the actor URL answers 410 Gone. The audit log keeps the admin action.
 */
export async function eraseAccount(fed: Deps & { wake?: () => void }, input: { username: string; by: string; solutions?: AuthoredSolutions }): Promise<ErasureResult> {
  const { actor, user } = await getLocalLogin(fed, input.username);
  if (actor.deletedAt) throw new DomainError('gone', 'ACCOUNT_ERASED', `@${input.username} was already erased`);
  if (user.role === 'admin' && !user.disabledAt && (await fed.store.users.count({ role: 'admin', enabledOnly: true })) <= 1) {
    throw new DomainError('conflict', 'LAST_ADMIN', `"${input.username}" is the only enabled admin; make another admin first`);
  }

  // Where the Delete must go, computed before the follows are deleted.
  const inboxes = new Set(await fed.store.follows.followerInboxes(actor.id));
  for (const f of await fed.store.follows.listFollowing(actor.id, { state: 'accepted', limit: MAX_FOLLOWS })) {
    const followee = await fed.store.actors.getById(f.followeeId);
    if (followee?.domain) inboxes.add(followee.sharedInbox ?? followee.inbox);
  }
  const now = fed.now().toISOString();
  const activity = { '@context': AS_CONTEXT, id: `${actor.uri}#delete`, type: 'Delete', actor: actor.uri, object: actor.uri, to: [PUBLIC] };

  const erased = await fed.store.transaction(async (tx) => {
    const objectsDeleted = await tx.objects.deleteAllOf(actor.id);
    const activitiesDeleted = await tx.activities.deleteAllOf(actor.id);
    const followsDeleted = await tx.follows.deleteAllOf(actor.id);
    const reportsDeleted = await tx.reports.deleteByReporter(actor.id);
    // Solutions first: the uploads of kept ones pass to the agency and are not deleted below.
    const solutions = await releaseSolutionsOf(fed, tx, actor, input.solutions ?? 'keep');
    // Drafts were never published: they go with the person (their uploads go below).
    await tx.solutionDrafts.deleteByAuthor(actor.id);
    const media = await tx.media.deleteByOwner(actor.id);
    // Client-API state: bookmarks, home feed, notifications to and from the account, subscriptions.
    await tx.statuses.forgetAccount(actor.id);
    await tx.users.delete(user.id);
    await tx.actors.update(actor.id, {
      displayName: '', summary: '', fields: [], avatarUrl: null, headerUrl: null, raw: null,
      manuallyApprovesFollowers: true, discoverable: false, indexable: false, suspendedAt: actor.suspendedAt ?? now, deletedAt: now,
    });
    if (inboxes.size) await queueDelivery(fed, tx, actor, activity, { inboxes: [...inboxes] });
    await audit(fed, { actor: input.by, action: 'account.erase', target: input.username, details: { objectsDeleted, activitiesDeleted, followsDeleted, reportsDeleted, mediaDeleted: media.length, solutionsKept: solutions.kept, solutionsDeleted: solutions.deleted, inboxes: inboxes.size } }, tx);
    return { result: { username: input.username, objectsDeleted, activitiesDeleted, followsDeleted, reportsDeleted, mediaDeleted: media.length, solutionsKept: solutions.kept, solutionsDeleted: solutions.deleted, inboxes: inboxes.size }, media };
  });
  // Files go once the rows are gone for good; a failed transaction leaves both in place.
  await deleteMediaFiles(fed, erased.media);
  const result = erased.result;
  // In the server this starts delivery at once; from the CLI the server's job runner picks it up.
  fed.wake?.();
  return result;
}
