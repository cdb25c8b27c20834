import type { Page } from './statuses.js';

/**
 * Mastodon's notification types, plus `adoption` (another agency reports adopting a solution),
 * which the client API shows as a `mention` of the adoption's status (see docs/mastodon-api.md).
 */
export type NotificationType = 'follow' | 'follow_request' | 'mention' | 'favourite' | 'reblog' | 'status' | 'update' | 'adoption';

export interface StoredNotification {
  id: string;
  /** The local actor notified. */
  accountId: string;
  type: NotificationType;
  fromActorId: string;
  /** The object (post) it is about, by object id. */
  statusId: string | null;
  createdAt: string;
}

export interface NotificationFilter {
  types?: NotificationType[];
  excludeTypes?: NotificationType[];
  fromActorId?: string;
  /** Only notifications about this post (object id); grouped notifications read a group by it. */
  statusId?: string;
}

/** What happens to notifications from people matching a condition (Mastodon 4.3's policy values). */
export type NotificationPolicyAction = 'accept' | 'filter' | 'drop';

/** A user's notification policy (Mastodon 4.3 `NotificationPolicy`); absent until the user saves one. */
export interface NotificationPolicy {
  userId: string;
  forNotFollowing: NotificationPolicyAction;
  forNotFollowers: NotificationPolicyAction;
  forNewAccounts: NotificationPolicyAction;
  forPrivateMentions: NotificationPolicyAction;
  forLimitedAccounts: NotificationPolicyAction;
  updatedAt: string;
}

/** "Notify me when they post" (its own record kind for copies between stores). */
export interface PostSubscription {
  followerId: string;
  followeeId: string;
}

export interface NotificationRepository {
  /** Idempotent per (account, type, from, status): returns the stored one and whether it is new. */
  put(notification: StoredNotification): Promise<{ notification: StoredNotification; created: boolean }>;
  getById(accountId: string, id: string): Promise<StoredNotification | undefined>;
  /** Newest first. */
  list(accountId: string, filter: NotificationFilter, page: Page): Promise<StoredNotification[]>;
  count(accountId: string, filter: NotificationFilter & { sinceId?: string }): Promise<number>;
  dismiss(accountId: string, id: string): Promise<boolean>;
  clear(accountId: string): Promise<number>;
  /** The reaction that caused them is gone (Undo of a Like, Announce or Follow). */
  /** "Notify me when they post": kept per (follower, followee); unfollowing ends it. */
  setPostSubscription(followerId: string, followeeId: string, on: boolean): Promise<void>;
  isPostSubscribed(followerId: string, followeeId: string): Promise<boolean>;
  /** Local accounts subscribed to the followee's posts whose follow is accepted. */
  postSubscribers(followeeId: string): Promise<string[]>;
  /** undefined until the user saves one; callers use Mastodon's defaults. */
  getPolicy(userId: string): Promise<NotificationPolicy | undefined>;
  /** Upserts the whole record. */
  putPolicy(policy: NotificationPolicy): Promise<NotificationPolicy>;
  removeWhere(match: { type: NotificationType; fromActorId: string; statusId?: string | null; accountId?: string }): Promise<number>;
}
