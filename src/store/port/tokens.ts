/** A bearer token. Only the SHA-256 of the token is stored. */
export interface AccessToken {
  id: string;
  tokenHash: string;
  /** null for client_credentials tokens (app-only). */
  userId: string | null;
  /** null for tokens made by `samspil token create`. */
  appId: string | null;
  scopes: string[];
  refreshTokenHash: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface TokenRepository {
  put(token: AccessToken): Promise<AccessToken>;
  getByHash(tokenHash: string): Promise<AccessToken | undefined>;
  getByRefreshHash(refreshHash: string): Promise<AccessToken | undefined>;
  revoke(id: string, at: string): Promise<void>;
  /** Revokes every live token of a user (account disabled, password changed). */
  revokeAllForUser(userId: string, at: string): Promise<number>;
  touch(id: string, at: string): Promise<void>;
  listForUser(userId: string): Promise<AccessToken[]>;
}
