/** A user's list of accounts for a separate timeline (Mastodon's lists). */
export type ListRepliesPolicy = 'followed' | 'list' | 'none';

export interface UserList {
  id: string;
  userId: string;
  title: string;
  repliesPolicy: ListRepliesPolicy;
  /** Posts from members show only in the list, not in home. */
  exclusive: boolean;
  createdAt: string;
  updatedAt: string;
}

export type UserListPatch = Partial<Pick<UserList, 'title' | 'repliesPolicy' | 'exclusive' | 'updatedAt'>>;

/** An account on a list (Mastodon's list_accounts); `id` orders and pages the members. */
export interface ListMember {
  id: string;
  listId: string;
  actorId: string;
  createdAt: string;
}

export interface ListRepository {
  put(list: UserList): Promise<UserList>;
  getById(id: string): Promise<UserList | undefined>;
  /** In creation order. */
  listForUser(userId: string): Promise<UserList[]>;
  countForUser(userId: string): Promise<number>;
  update(id: string, patch: UserListPatch): Promise<UserList | undefined>;
  /** true when something was deleted; its members go with it. */
  delete(id: string): Promise<boolean>;
  /** Idempotent per (list, actor): an actor already on the list keeps its first entry. */
  addMember(member: ListMember): Promise<void>;
  /** true when the actor was on the list. */
  removeMember(listId: string, actorId: string): Promise<boolean>;
  /** Members newest first (by member id), `beforeId`/`afterId` page by it. */
  members(listId: string, options: { limit: number; beforeId?: string; afterId?: string }): Promise<ListMember[]>;
  /** The actor ids on a list (for its timeline); at most `limit`. */
  memberIds(listId: string, limit: number): Promise<string[]>;
  /** The user's lists the actor is on, in creation order. */
  listsWithMember(userId: string, actorId: string): Promise<UserList[]>;
  /** Unfollowing takes the actor off every list of that user; returns the entries removed. */
  removeFromUserLists(userId: string, actorId: string): Promise<number>;
}
