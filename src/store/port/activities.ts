/**
 * Activities we sent or received, by id. A received activity's id is unique: seeing it again
 * means a redelivery. Likes and Announces stay here as the record of who reacted to what.
 */
export interface StoredActivity {
  id: string;
  uri: string;
  type: string;
  actorId: string;
  /** The id of the activity's object (or embedded object), when it has one. */
  objectUri: string | null;
  local: boolean;
  /** Addressed to as:Public: listed in the outbox. */
  public: boolean;
  createdAt: string;
  /** Local activities keep their JSON so outbox pages and redeliveries send the same document. */
  data: Record<string, unknown> | null;
}

export interface ActivityRepository {
  /** Throws StoreConflict when the uri was seen before. */
  put(activity: StoredActivity): Promise<StoredActivity>;
  getByUri(uri: string): Promise<StoredActivity | undefined>;
  /** The newest matching one (Undo of a Like that names no id). */
  find(filter: { actorId: string; type: string; objectUri: string }): Promise<StoredActivity | undefined>;
  deleteByUri(uri: string): Promise<boolean>;
  /** The actor's activities; returns rows removed. `limit` bounds one call (erasure runs in chunks, a transaction each); without it, all go. */
  deleteAllOf(actorId: string, limit?: number): Promise<number>;
  /** Newest first. */
  listByActor(actorId: string, options: { types: string[]; publicOnly: boolean; limit: number; beforeId?: string }): Promise<StoredActivity[]>;
  countByActor(actorId: string, options: { types: string[]; publicOnly: boolean }): Promise<number>;
  countByObject(objectUri: string, type: string): Promise<number>;
}
