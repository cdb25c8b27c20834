/** An actor we know: local (ours, with a private key) or remote (a cached copy of another server's). */
export type ActorType = 'Person' | 'Organization' | 'Application' | 'Service' | 'Group';

export interface ProfileField {
  name: string;
  value: string;
  verifiedAt?: string | null;
}

export interface Actor {
  id: string;
  uri: string;
  username: string;
  /** null for local actors; the host (with port when not default) for remote ones. */
  domain: string | null;
  type: ActorType;
  displayName: string;
  /** HTML; sanitized for remote actors before it is stored. */
  summary: string;
  url: string | null;
  inbox: string;
  sharedInbox: string | null;
  outbox: string | null;
  followersUri: string | null;
  followingUri: string | null;
  featuredUri: string | null;
  publicKeyId: string;
  publicKeyPem: string;
  /** Only local actors have one; it never leaves the store or the process. */
  privateKeyPem: string | null;
  manuallyApprovesFollowers: boolean;
  discoverable: boolean;
  indexable: boolean;
  avatarUrl: string | null;
  headerUrl: string | null;
  fields: ProfileField[];
  /** The remote document as fetched (local actors: null). */
  raw: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
  fetchedAt: string | null;
  suspendedAt: string | null;
}

export type NewActor = Omit<Actor, 'createdAt' | 'updatedAt'> & Partial<Pick<Actor, 'createdAt' | 'updatedAt'>>;
export type ActorPatch = Partial<Omit<Actor, 'id' | 'uri' | 'createdAt'>>;

export interface ActorRepository {
  /** Inserts; throws StoreConflict when the uri or (username, domain) is taken. */
  put(actor: NewActor): Promise<Actor>;
  getById(id: string): Promise<Actor | undefined>;
  getByUri(uri: string): Promise<Actor | undefined>;
  getByKeyId(keyId: string): Promise<Actor | undefined>;
  /** Case-insensitive; domain null = local. */
  getByUsername(username: string, domain: string | null): Promise<Actor | undefined>;
  update(id: string, patch: ActorPatch): Promise<Actor | undefined>;
  /** Local actors in id order, for admin listings and exports. */
  listLocal(options?: { limit?: number; afterId?: string }): Promise<Actor[]>;
  countLocal(): Promise<number>;
  /**
   * Marks every not-yet-suspended remote actor of `domain` and its subdomains suspended at `at`
   * (a domain block); returns how many.
   */
  suspendDomain(domain: string, at: string): Promise<number>;
  /** Lifts exactly the suspensions made at `at` for `domain` and its subdomains (the block being removed). */
  unsuspendDomain(domain: string, at: string): Promise<number>;
  /**
   * Local actors whose username or display name starts with `query` (case-insensitive), usernames
   * matching first; for account search and autocompletion.
   */
  searchLocal(query: string, limit: number): Promise<Actor[]>;
  /** Distinct hosts of the remote actors we know, sorted (Mastodon's instance peers). */
  remoteDomains(): Promise<string[]>;
}
