import { newId } from '../../ids.js';
import type { NotificationType, Store } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { announce } from '../streaming/events.js';
import { policyVerdict } from './policy.js';
import { queuePushes } from '../push/deliver.js';
import { domainMatches } from '../relations/domains.js';

export interface NotifyInput {
  type: NotificationType;
  /** The actor told; only local accounts are notified. */
  accountId: string;
  /** Who caused it. */
  fromActorId: string;
  /** The post (object id) it is about: the mention, the favourited or boosted post, the adoption. */
  statusId?: string | null;
}

/**
 * THE way anything becomes a notification: federation handlers (Follow, Like, Announce, Create
 * mentioning or replying), the client API's local actions, and solutions (`adoption`). Written
 * through `store` (pass the transaction that stores the cause); pushed to the account's streams
 * after it commits. Nobody is notified of their own doing, remote accounts never, and a repeat
 * (a redelivered Like) changes nothing.
 */
export async function notify(deps: Pick<Deps, 'now' | 'events' | 'store' | 'urls'>, store: Store, input: NotifyInput): Promise<void> {
  if (input.accountId === input.fromActorId) return;
  const account = await store.actors.getById(input.accountId);
  if (!account || account.domain !== null || account.type === 'Application' || account.suspendedAt) return;
  if (await dropped(deps, store, account.id, input.fromActorId)) return;
  // The recipient's notification policy (policy.ts): `filter` and `drop` keep it out.
  const sender = await store.actors.getById(input.fromActorId);
  if (sender && (await policyVerdict(deps, store, account, sender, input)) !== 'accept') return;
  const { notification, created } = await store.notifications.put({
    id: newId(deps.now().getTime()),
    accountId: input.accountId,
    type: input.type,
    fromActorId: input.fromActorId,
    statusId: input.statusId ?? null,
    createdAt: deps.now().toISOString(),
  });
  if (created) {
    await queuePushes(deps, store, notification);
    // In the notification's transaction: it reaches the websockets if, and once, it commits.
    await announce(deps, { kind: 'notification', accountId: account.id, notificationId: notification.id }, store);
  }
}

/**
 * Mastodon's NotifyService drop conditions: the account blocks the sender or is blocked by it,
 * mutes the sender's notifications, or blocks the sender's domain without following the sender.
 */
async function dropped(deps: Pick<Deps, 'now'>, store: Store, accountId: string, fromActorId: string): Promise<boolean> {
  const r = store.relations;
  if (await r.getBlock(accountId, fromActorId)) return true;
  if (await r.getBlock(fromActorId, accountId)) return true;
  const mute = await r.getMute(accountId, fromActorId);
  if (mute?.notifications && (!mute.expiresAt || mute.expiresAt > deps.now().toISOString())) return true;
  const from = await store.actors.getById(fromActorId);
  if (from?.domain) {
    const blocked = await r.listDomainBlocks(accountId, { limit: 10_000 });
    if (blocked.some((d) => domainMatches(d.domain, from.domain)) && (await store.follows.getByPair(accountId, fromActorId))?.state !== 'accepted') return true;
  }
  return false;
}

/**
 * A new post (not a reply, not direct, as Mastodon's NotifyService for `status`) tells the local
 * accounts that asked to be notified of the author's posts.
 */
export async function notifyPostSubscribers(deps: Pick<Deps, 'now' | 'events' | 'store' | 'urls'>, store: Store, post: { id: string; actorId: string; visibility: string; inReplyToUri: string | null }): Promise<void> {
  if (post.visibility === 'direct' || post.inReplyToUri) return;
  for (const accountId of await store.notifications.postSubscribers(post.actorId)) {
    // A private post only for subscribers who may see it: they follow (accepted), so they may.
    await notify(deps, store, { type: 'status', accountId, fromActorId: post.actorId, statusId: post.id });
  }
}

/** The cause was undone (Undo of a Like/Announce/Follow, a follow request decided). */
export async function withdraw(store: Store, match: { type: NotificationType; fromActorId: string; statusId?: string | null; accountId?: string }): Promise<void> {
  await store.notifications.removeWhere(match);
}
