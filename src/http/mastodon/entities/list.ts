import type { UserList } from '../../../store/port.js';

/** Mastodon's List entity. */
export interface MastodonList {
  id: string;
  title: string;
  replies_policy: UserList['repliesPolicy'];
  exclusive: boolean;
}

export function serializeList(list: UserList): MastodonList {
  return { id: list.id, title: list.title, replies_policy: list.repliesPolicy, exclusive: list.exclusive };
}
