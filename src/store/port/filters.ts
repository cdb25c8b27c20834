/** Mastodon's filter contexts: where a filter applies. */
export type FilterContext = 'home' | 'notifications' | 'public' | 'thread' | 'account';
/** `warn` shows the post behind a warning, `hide` leaves it out, `blur` (Mastodon 4.4) hides its media. */
export type FilterAction = 'warn' | 'hide' | 'blur';

/** A user's filter (Mastodon's CustomFilter, API v2). */
export interface UserFilter {
  id: string;
  userId: string;
  title: string;
  context: FilterContext[];
  action: FilterAction;
  /** null: never expires. */
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type UserFilterPatch = Partial<Pick<UserFilter, 'title' | 'context' | 'action' | 'expiresAt' | 'updatedAt'>>;

/** A keyword of a filter (CustomFilterKeyword). */
export interface FilterKeyword {
  id: string;
  filterId: string;
  keyword: string;
  wholeWord: boolean;
  createdAt: string;
}

/** A post a filter names (CustomFilterStatus), by status (object) id. */
export interface FilterStatus {
  id: string;
  filterId: string;
  statusId: string;
  createdAt: string;
}

export interface FilterRepository {
  put(filter: UserFilter): Promise<UserFilter>;
  getById(id: string): Promise<UserFilter | undefined>;
  /** In creation order. */
  listForUser(userId: string): Promise<UserFilter[]>;
  update(id: string, patch: UserFilterPatch): Promise<UserFilter | undefined>;
  /** true when it existed; its keywords and statuses go with it. */
  delete(id: string): Promise<boolean>;

  putKeyword(keyword: FilterKeyword): Promise<FilterKeyword>;
  getKeyword(id: string): Promise<FilterKeyword | undefined>;
  updateKeyword(id: string, patch: Partial<Pick<FilterKeyword, 'keyword' | 'wholeWord'>>): Promise<FilterKeyword | undefined>;
  deleteKeyword(id: string): Promise<boolean>;
  /** The keywords of these filters, in creation order. */
  keywordsOf(filterIds: string[]): Promise<FilterKeyword[]>;

  /** StoreConflict when the filter already names the status. */
  putStatus(status: FilterStatus): Promise<FilterStatus>;
  getStatus(id: string): Promise<FilterStatus | undefined>;
  deleteStatus(id: string): Promise<boolean>;
  statusesOf(filterIds: string[]): Promise<FilterStatus[]>;
}
