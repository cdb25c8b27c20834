import { DomainError } from '../../errors.js';
import type { Actor, NotificationPolicy, NotificationPolicyAction, NotificationType, Store } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { evaluateDomain } from '../policy/domains.js';

/**
 * Notification policies (Mastodon 4.3's NotificationPolicy): per condition on the sender, accept,
 * filter or drop. Samspil has no notification requests (the inbox where Mastodon keeps filtered
 * notifications for review), so `filter` keeps them out as `drop` does, and everything is accepted
 * until the user saves a policy (Mastodon's defaults filter private mentions and limited accounts;
 * here they would vanish unseen). See docs/mastodon-api.md.
 */
export type PolicyFields = Omit<NotificationPolicy, 'userId' | 'updatedAt'>;

export const POLICY_ACTIONS: readonly NotificationPolicyAction[] = ['accept', 'filter', 'drop'];

export const DEFAULT_POLICY: PolicyFields = {
  forNotFollowing: 'accept', forNotFollowers: 'accept', forNewAccounts: 'accept', forPrivateMentions: 'accept', forLimitedAccounts: 'accept',
};

/** Mastodon's thresholds: a follower "for at least 3 days", an account "younger than 30 days". */
const FOLLOWER_FOR_MS = 3 * 24 * 3_600_000;
const NEW_ACCOUNT_MS = 30 * 24 * 3_600_000;

export async function getNotificationPolicy(deps: Pick<Deps, 'store'>, userId: string): Promise<PolicyFields> {
  const stored = await deps.store.notifications.getPolicy(userId);
  if (!stored) return { ...DEFAULT_POLICY };
  const { userId: _u, updatedAt: _t, ...fields } = stored;
  return fields;
}

/** A partial update; unknown values are refused with Mastodon's validation wording. */
export async function updateNotificationPolicy(deps: Pick<Deps, 'store' | 'now'>, userId: string, patch: Partial<Record<keyof PolicyFields, unknown>>): Promise<PolicyFields> {
  const current = await getNotificationPolicy(deps, userId);
  const problems: string[] = [];
  const next: PolicyFields = { ...current };
  for (const [key, value] of Object.entries(patch) as Array<[keyof PolicyFields, unknown]>) {
    if (value === undefined) continue;
    if (typeof value !== 'string' || !POLICY_ACTIONS.includes(value as NotificationPolicyAction)) {
      problems.push(`${humanize(key)} is not included in the list`);
      continue;
    }
    next[key] = value as NotificationPolicyAction;
  }
  if (problems.length) throw new DomainError('invalid', 'NOTIFICATION_POLICY_INVALID', `Validation failed: ${problems.join(', ')}`);
  // Nothing to change: nothing written.
  if ((Object.keys(next) as Array<keyof PolicyFields>).every((k) => next[k] === current[k])) return next;
  await deps.store.notifications.putPolicy({ userId, ...next, updatedAt: deps.now().toISOString() });
  return next;
}

const humanize = (key: string) => {
  const words = key.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`).trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const RANK: Record<NotificationPolicyAction, number> = { accept: 0, filter: 1, drop: 2 };

export interface PolicyCase {
  type: NotificationType;
  statusId?: string | null;
}

/**
 * What the recipient's policy says about a notification from `sender`: the strictest action
 * among the conditions that hold. Someone the recipient follows is always accepted (Mastodon's
 * override). Conditions checked with the facts Samspil has: not followed by the recipient; not
 * following the recipient for 3 days; an account younger than 30 days (a local account's login
 * creation, a remote one's `published`; unknown age counts as not new); a direct mention that is
 * not a reply to the recipient's own post; a sender on a silenced domain or suspended.
 */
export async function policyVerdict(deps: Pick<Deps, 'store' | 'urls' | 'now'>, store: Store, recipient: Actor, sender: Actor, c: PolicyCase): Promise<NotificationPolicyAction> {
  const user = await store.users.getByActorId(recipient.id);
  if (!user) return 'accept';
  const stored = await store.notifications.getPolicy(user.id);
  if (!stored) return 'accept';
  const { userId: _u, updatedAt: _t, ...policy } = stored;
  if (Object.values(policy).every((v) => v === 'accept')) return 'accept';
  const following = await store.follows.getByPair(recipient.id, sender.id);
  if (following?.state === 'accepted') return 'accept';
  const now = deps.now().getTime();
  const actions: NotificationPolicyAction[] = [policy.forNotFollowing];
  const follower = await store.follows.getByPair(sender.id, recipient.id);
  if (!(follower?.state === 'accepted' && now - Date.parse(follower.createdAt) >= FOLLOWER_FOR_MS)) actions.push(policy.forNotFollowers);
  const created = await createdAtOf(store, sender);
  if (created !== undefined && now - created < NEW_ACCOUNT_MS) actions.push(policy.forNewAccounts);
  if ((c.type === 'mention' || c.type === 'adoption') && c.statusId) {
    const post = await store.objects.getById(c.statusId);
    if (post?.visibility === 'direct') {
      const parent = post.inReplyToUri ? await store.objects.getByUri(post.inReplyToUri) : undefined;
      if (parent?.actorId !== recipient.id) actions.push(policy.forPrivateMentions);
    }
  }
  if (sender.suspendedAt || (sender.domain && (await evaluateDomain(deps, sender.domain)).silenced)) actions.push(policy.forLimitedAccounts);
  return actions.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'accept' as NotificationPolicyAction);
}

async function createdAtOf(store: Store, actor: Actor): Promise<number | undefined> {
  if (actor.domain === null) {
    const user = await store.users.getByActorId(actor.id);
    return user ? Date.parse(user.createdAt) : undefined;
  }
  const published = actor.raw?.published;
  const ms = typeof published === 'string' ? Date.parse(published) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}
