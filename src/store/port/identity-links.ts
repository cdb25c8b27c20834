/**
 * A login's link to an account at the agency's OpenID Connect provider: the provider's issuer and
 * the subject it gives the person (`sub`, stable and never reused, unlike a username or e-mail).
 * Single sign-on finds the account by this pair only, never by a name a provider could hand out
 * again to someone else.
 */
export interface IdentityLink {
  id: string;
  /** The issuer exactly as the provider names itself (the ID token's `iss`). */
  issuer: string;
  /** The ID token's `sub`. */
  subject: string;
  userId: string;
  createdAt: string;
  /** The last single sign-on through this link. */
  lastSignInAt: string | null;
}

export interface IdentityLinkRepository {
  /** StoreConflict when the (issuer, subject) pair or the id is already linked. */
  put(link: IdentityLink): Promise<IdentityLink>;
  get(issuer: string, subject: string): Promise<IdentityLink | undefined>;
  /** A user's links, oldest first. */
  listForUser(userId: string): Promise<IdentityLink[]>;
  /** Records a sign-in; no-op for an unknown id. */
  touch(id: string, lastSignInAt: string): Promise<void>;
  delete(id: string): Promise<boolean>;
}
