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
  /** Set when a local account was erased: only this tombstone (uri, username, keys to sign its Delete) remains. */
  deletedAt: string | null;
}

export type NewActor = Omit<Actor, 'createdAt' | 'updatedAt' | 'deletedAt'> & Partial<Pick<Actor, 'createdAt' | 'updatedAt' | 'deletedAt'>>;
export type ActorPatch = Partial<Omit<Actor, 'id' | 'uri' | 'createdAt'>>;

/** What an account entity counts (Mastodon's followers/following/statuses and last status day). */
export interface ActorCounts {
  actorId: string;
  /** Accepted follows of the actor. */
  followers: number;
  /** Accepted follows by the actor. */
  following: number;
  /** Its Create and Announce activities (posts and boosts), public or not. */
  statuses: number;
  /** createdAt of the newest of those by id, or null. */
  lastStatusAt: string | null;
}

/** At most this many keys per batched read (a page asks for tens; larger lists are split by the caller or the adapter). */
export const MAX_BATCH = 500;

export interface ActorRepository {
  /** Inserts; throws StoreConflict when the uri or (username, domain) is taken. */
  put(actor: NewActor): Promise<Actor>;
  getById(id: string): Promise<Actor | undefined>;
  getByUri(uri: string): Promise<Actor | undefined>;
  /**
   * The actors with any of these ids or uris, each once, in no particular order (unknown keys
   * are left out). One query for a page's authors, boosters and mentioned accounts.
   */
  getMany(keys: { ids?: string[]; uris?: string[] }): Promise<Actor[]>;
  /** Counts of each of these actors (one entry per id given, zeros for an unknown one), in one query. */
  countsOf(actorIds: string[]): Promise<ActorCounts[]>;
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
