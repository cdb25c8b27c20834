export const name = '022-push';

/**
 * Web Push subscriptions, one per access token; they go with the token and with the login.
 */
export const sql = `
CREATE TABLE push_subscriptions (
  id TEXT PRIMARY KEY,
  token_id TEXT NOT NULL UNIQUE REFERENCES access_tokens(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  account_id TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  p256dh TEXT NOT NULL,
  auth TEXT NOT NULL,
  alerts TEXT NOT NULL,
  policy TEXT NOT NULL,
  standard INTEGER NOT NULL,
  token_sealed TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX push_subscriptions_account ON push_subscriptions (account_id);
`;
