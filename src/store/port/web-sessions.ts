/**
 * A signed-in browser: the cookie holds a random secret, the store only its SHA-256 (as with
 * access tokens), so a leaked database does not sign anyone in. Kept in the store so every node
 * sees it and so disabling an account or changing its password can end its sessions.
 */
export interface WebSession {
  id: string;
  /** SHA-256 (base64url) of the cookie secret. */
  secretHash: string;
  userId: string;
  createdAt: string;
  /** Last request seen; written at most once a minute. */
  lastSeenAt: string;
  /** Sliding expiry: moved forward on use, never past `createdAt` + the absolute limit. */
  expiresAt: string;
  /** The browser as it introduced itself, for the sessions list; never used for decisions. */
  userAgent: string | null;
  ip: string | null;
}

export interface WebSessionRepository {
  put(session: WebSession): Promise<WebSession>;
  getBySecretHash(secretHash: string): Promise<WebSession | undefined>;
  /** Records use and moves the expiry; no-op for an unknown id. */
  touch(id: string, lastSeenAt: string, expiresAt: string): Promise<void>;
  delete(id: string): Promise<boolean>;
  /** Ends every session of a user except `exceptId` (the one changing the password); returns how many. */
  deleteAllForUser(userId: string, exceptId?: string): Promise<number>;
  listForUser(userId: string): Promise<WebSession[]>;
  /** Removes sessions whose expiry is at or before `at`; returns how many. */
  deleteExpired(at: string): Promise<number>;
}
