/** Visibility as Mastodon names it; derived from to/cc on the wire. */
export type Visibility = 'public' | 'unlisted' | 'private' | 'direct';

/** Any ActivityStreams object we keep (Note, Article, ...), local or remote. */
export interface StoredObject {
  id: string;
  uri: string;
  type: string;
  /** The attributed actor's local id. */
  actorId: string;
  local: boolean;
  url: string | null;
  inReplyToUri: string | null;
  visibility: Visibility;
  language: string | null;
  publishedAt: string;
  updatedAt: string | null;
  deletedAt: string | null;
  /** Compact AS2 JSON as sent or received (remote HTML already sanitized). */
  data: Record<string, unknown>;
}

export type ObjectPatch = Partial<Omit<StoredObject, 'id' | 'uri' | 'actorId' | 'local'>>;

export interface ObjectRepository {
  put(object: StoredObject): Promise<StoredObject>;
  /** Returns the updated object, undefined when there is none. */
  update(id: string, patch: ObjectPatch): Promise<StoredObject | undefined>;
  /**
   * Removes the objects attributed to the actor (its account is gone), with what hangs off them
   * (bookmarks, versions); returns objects removed. `limit` bounds one call (erasure runs in chunks, a transaction each); without it, all go.
   */
  deleteAllOf(actorId: string, limit?: number): Promise<number>;
  getById(id: string): Promise<StoredObject | undefined>;
  getByUri(uri: string): Promise<StoredObject | undefined>;
  /** The objects with these ids (deleted ones too, as getById), in no particular order. */
  getByIds(ids: string[]): Promise<StoredObject[]>;
  /** The objects with these uris (deleted ones too, as getByUri), in no particular order. */
  getByUris(uris: string[]): Promise<StoredObject[]>;
  /** Local, not deleted: NodeInfo's localPosts. */
  countLocal(): Promise<number>;
}
