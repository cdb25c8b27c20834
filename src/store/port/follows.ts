/** A follow between two actors (either may be local or remote). */
export type FollowState = 'pending' | 'accepted';

export interface Follow {
  id: string;
  /** The Follow activity's id; Accept/Reject/Undo refer to it, so it never changes. */
  uri: string;
  followerId: string;
  followeeId: string;
  state: FollowState;
  createdAt: string;
  updatedAt: string;
}

export interface FollowRepository {
  /** Throws StoreConflict when the pair or the uri exists. */
  put(follow: Follow): Promise<Follow>;
  getById(id: string): Promise<Follow | undefined>;
  getByUri(uri: string): Promise<Follow | undefined>;
  getByPair(followerId: string, followeeId: string): Promise<Follow | undefined>;
  setState(id: string, state: FollowState, now: string): Promise<void>;
  delete(id: string): Promise<boolean>;
  /** Both directions; returns rows removed. `limit` bounds one call (erasure runs in chunks, a transaction each); without it, all go. */
  deleteAllOf(actorId: string, limit?: number): Promise<number>;
  /** Newest first, by follow id; `beforeId` pages to older ones. */
  listFollowers(followeeId: string, options: { state: FollowState; limit: number; beforeId?: string }): Promise<Follow[]>;
  listFollowing(followerId: string, options: { state: FollowState; limit: number; beforeId?: string }): Promise<Follow[]>;
  countFollowers(followeeId: string, state?: FollowState): Promise<number>;
  countFollowing(followerId: string, state?: FollowState): Promise<number>;
  /**
   * Where to deliver to an actor's accepted remote followers: one entry per distinct inbox, the
   * shared inbox when the follower has one.
   */
  followerInboxes(followeeId: string): Promise<string[]>;
  /** Follows whose follower is a remote actor reached through `inbox` (personal or shared). */
  deleteFollowersReachedAt(followeeId: string, inbox: string): Promise<number>;
}
