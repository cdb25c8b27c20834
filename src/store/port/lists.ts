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

export interface ListRepository {
  put(list: UserList): Promise<UserList>;
  getById(id: string): Promise<UserList | undefined>;
  /** In creation order. */
  listForUser(userId: string): Promise<UserList[]>;
  countForUser(userId: string): Promise<number>;
  update(id: string, patch: UserListPatch): Promise<UserList | undefined>;
  /** true when something was deleted. */
  delete(id: string): Promise<boolean>;
}
