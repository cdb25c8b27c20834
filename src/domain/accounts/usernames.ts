import { invalid } from '../../errors.js';

const USERNAME = /^[a-zA-Z0-9_]{1,30}$/;

/** Names that would shadow routes or mislead people; compared case-insensitively. */
const RESERVED = new Set([
  'admin', 'administrator', 'root', 'support', 'help', 'about', 'actor', 'inbox', 'outbox', 'api', 'oauth',
  'users', 'settings', 'solutions', 'tags', 'search', 'well_known', 'nodeinfo', 'instance', 'system',
  'postmaster', 'webmaster', 'hostmaster', 'abuse', 'security', 'mastodon', 'samspil',
]);

/** Checks the form of a local username; `allowReserved` is for the names the instance itself creates. */
export function assertUsername(username: string, options: { allowReserved?: boolean } = {}): void {
  if (!USERNAME.test(username)) {
    throw invalid('USERNAME_INVALID', `username "${username}" must be 1-30 letters, digits or underscores`);
  }
  if (!options.allowReserved && RESERVED.has(username.toLowerCase())) {
    throw invalid('USERNAME_RESERVED', `username "${username}" is reserved`);
  }
}
