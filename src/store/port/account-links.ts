/**
 * A one-time link that lets a person set a password: an invitation for a new account, or a
 * password reset an admin made. The link carries a random secret; the store keeps only its
 * SHA-256, as with sessions and tokens, so a leaked database opens no account.
 */
export type AccountLinkPurpose = 'invite' | 'reset';

export interface AccountLink {
  id: string;
  /** SHA-256 (base64url) of the secret in the link. */
  tokenHash: string;
  purpose: AccountLinkPurpose;
  userId: string;
  /** Who made it, for the audit log (a username or 'cli'). */
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  /** Set once, when the link was used or replaced by a newer one; a used link never works again. */
  usedAt: string | null;
}

export interface AccountLinkRepository {
  put(link: AccountLink): Promise<AccountLink>;
  getByTokenHash(tokenHash: string): Promise<AccountLink | undefined>;
  /**
   * Marks the link used when it is unused and expires after `at`: a compare-and-set, so of two
   * uses at once exactly one wins. Returns the link as stored after the change, or undefined.
   */
  consume(id: string, at: string): Promise<AccountLink | undefined>;
  /** Marks every unused link of a user used (a newer link replaces them); returns how many. */
  voidForUser(userId: string, at: string): Promise<number>;
  /** Newest first. */
  listForUser(userId: string): Promise<AccountLink[]>;
  /** Removes links that expired at or before `at`; returns how many. */
  deleteExpired(at: string): Promise<number>;
}
