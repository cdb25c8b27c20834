/**
 * A Web Push subscription, one per access token (as Mastodon keeps it): where the app's push
 * service listens, the keys the payload is encrypted to, and which notifications it wants.
 */
export interface PushSubscription {
  id: string;
  tokenId: string;
  userId: string;
  /** The local actor whose notifications are pushed. */
  accountId: string;
  endpoint: string;
  /** The subscriber's P-256 public key and auth secret (base64url), as the browser gave them. */
  p256dh: string;
  auth: string;
  /** Notification type -> wanted. */
  alerts: Record<string, boolean>;
  /** Whose notifications: 'all', 'followed', 'follower' or 'none'. */
  policy: string;
  /** RFC 8291 (aes128gcm) when true; the older aesgcm draft Mastodon apps expect otherwise. */
  standard: boolean;
  /**
   * The access token, sealed with the instance secret: Mastodon's payload carries it so the app
   * knows which of its accounts the push is for; the store itself holds only its hash elsewhere.
   */
  tokenSealed: string;
  createdAt: string;
  updatedAt: string;
}

export interface PushSubscriptionRepository {
  /** Replaces the token's subscription (Mastodon: subscribing again replaces it). */
  putForToken(subscription: PushSubscription): Promise<PushSubscription>;
  getByToken(tokenId: string): Promise<PushSubscription | undefined>;
  getById(id: string): Promise<PushSubscription | undefined>;
  update(id: string, patch: Partial<Pick<PushSubscription, 'alerts' | 'policy' | 'updatedAt'>>): Promise<PushSubscription | undefined>;
  deleteByToken(tokenId: string): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  listByAccount(accountId: string): Promise<PushSubscription[]>;
}
