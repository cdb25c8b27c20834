/** A client registered through POST /api/v1/apps. The client secret is kept only as a SHA-256 digest. */
export interface OAuthApp {
  id: string;
  name: string;
  website: string | null;
  /** Exact strings the app may be sent back to (`urn:ietf:wg:oauth:2.0:oob` shows the code instead). */
  redirectUris: string[];
  scopes: string[];
  clientId: string;
  clientSecretHash: string;
  createdAt: string;
}

export interface OAuthAppRepository {
  /** Throws StoreConflict when the id or client id is taken. */
  put(app: OAuthApp): Promise<OAuthApp>;
  getById(id: string): Promise<OAuthApp | undefined>;
  getByClientId(clientId: string): Promise<OAuthApp | undefined>;
}

export type CodeChallengeMethod = 'S256' | 'plain';

/** A short-lived, single-use authorization code, bound to everything the authorize request named. */
export interface AuthorizationCode {
  id: string;
  codeHash: string;
  appId: string;
  userId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string | null;
  codeChallengeMethod: CodeChallengeMethod | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  /** The token the code was exchanged for: revoked if the code is ever presented again (RFC 6749 4.1.2). */
  tokenId: string | null;
}

export interface AuthorizationCodeRepository {
  put(code: AuthorizationCode): Promise<AuthorizationCode>;
  getByHash(codeHash: string): Promise<AuthorizationCode | undefined>;
  /**
   * Marks the code used and records the token it buys; true only for the one caller that found it
   * unused (two racing exchanges get one token).
   */
  consume(id: string, at: string, tokenId: string): Promise<boolean>;
  /** Drops codes that expired before `beforeIso`; returns how many. */
  deleteExpired(beforeIso: string): Promise<number>;
}
