export const name = '018-list-members-notification-policies';

/**
 * List members (Mastodon's list_accounts: an account the list's owner follows, once per list;
 * the member id orders and pages them) and each user's notification policy (Mastodon 4.3's
 * NotificationPolicy: accept, filter or drop per condition). A deleted list or actor takes its
 * memberships with it.
 */
export const sql = `
CREATE TABLE list_members (
  id TEXT PRIMARY KEY,
  list_id TEXT NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
  actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX list_members_once ON list_members (list_id, actor_id);
CREATE INDEX list_members_actor ON list_members (actor_id);

CREATE TABLE notification_policies (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  for_not_following TEXT NOT NULL,
  for_not_followers TEXT NOT NULL,
  for_new_accounts TEXT NOT NULL,
  for_private_mentions TEXT NOT NULL,
  for_limited_accounts TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`;
