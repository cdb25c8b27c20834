import type { Actor, User, UserSettings } from '../../../store/port.js';
import type { Urls } from '../../../urls.js';
import { htmlToPlainText, plainLineToHtml } from '../../../html/plain-text.js';
import type { AccountCounts } from '../../../domain/accounts/counts.js';
import { DEFAULT_AVATAR_PATH, DEFAULT_HEADER_PATH } from '../images.js';

export type { AccountCounts };

export interface MastodonField {
  name: string;
  value: string;
  verified_at: string | null;
}

export interface MastodonRole {
  id: string;
  name: string;
  color: string;
  permissions?: string;
  highlighted?: boolean;
}

/** Mastodon's Account entity (REST::AccountSerializer), field for field. */
export interface MastodonAccount {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  locked: boolean;
  bot: boolean;
  discoverable: boolean;
  indexable: boolean;
  group: boolean;
  created_at: string;
  note: string;
  url: string;
  uri: string;
  avatar: string;
  avatar_static: string;
  header: string;
  header_static: string;
  followers_count: number;
  following_count: number;
  statuses_count: number;
  last_status_at: string | null;
  hide_collections: boolean;
  noindex: boolean;
  emojis: never[];
  roles: MastodonRole[];
  fields: MastodonField[];
}

/** verify_credentials/update_credentials add what only the owner sees. */
export interface MastodonCredentialAccount extends MastodonAccount {
  source: {
    privacy: string;
    sensitive: boolean;
    language: string | null;
    note: string;
    fields: MastodonField[];
    follow_requests_count: number;
    hide_collections: boolean;
    discoverable: boolean;
    indexable: boolean;
    attribution_domains: string[];
  };
  role: MastodonRole & { permissions: string; highlighted: boolean };
}

export const NO_COUNTS: AccountCounts = { followers: 0, following: 0, statuses: 0, lastStatusAt: null };

/** Mastodon shows an account's creation day, not its instant (created_at.midnight). */
const midnight = (iso: string) => `${iso.slice(0, 10)}T00:00:00.000Z`;

export function serializeAccount(urls: Urls, actor: Actor, counts: AccountCounts = NO_COUNTS): MastodonAccount {
  const local = actor.domain === null;
  const avatar = actor.avatarUrl ?? `${urls.base}${DEFAULT_AVATAR_PATH}`;
  const header = actor.headerUrl ?? `${urls.base}${DEFAULT_HEADER_PATH}`;
  return {
    id: actor.id,
    username: actor.username,
    acct: local ? actor.username : `${actor.username}@${actor.domain}`,
    display_name: actor.displayName,
    locked: actor.manuallyApprovesFollowers,
    bot: actor.type === 'Service' || actor.type === 'Application',
    discoverable: actor.discoverable,
    indexable: actor.indexable,
    group: actor.type === 'Group',
    created_at: midnight(actor.createdAt),
    note: actor.summary,
    url: actor.url ?? actor.uri,
    uri: actor.uri,
    avatar,
    avatar_static: avatar,
    header,
    header_static: header,
    followers_count: counts.followers,
    following_count: counts.following,
    statuses_count: counts.statuses,
    // Mastodon gives the day only.
    last_status_at: counts.lastStatusAt ? counts.lastStatusAt.slice(0, 10) : null,
    hide_collections: false,
    noindex: !actor.indexable,
    emojis: [],
    roles: [],
    // Local field values are plain text; remote ones arrive as sanitized HTML.
    fields: actor.fields.map((f) => ({ name: f.name, value: local ? plainLineToHtml(f.value) : f.value, verified_at: f.verifiedAt ?? null })),
  };
}

const ROLE_PERMISSIONS: Record<User['role'], string> = {
  // Mastodon's permission bit sets for its Owner/Admin, Moderator and everyone roles.
  admin: '1048575',
  moderator: '1308',
  user: '65536',
};

export function serializeCredentialAccount(
  urls: Urls, actor: Actor, user: User, settings: UserSettings, counts: AccountCounts = NO_COUNTS, followRequests = 0,
): MastodonCredentialAccount {
  const account = serializeAccount(urls, actor, counts);
  return {
    ...account,
    source: {
      privacy: settings.defaultVisibility,
      sensitive: settings.defaultSensitive,
      language: settings.defaultLanguage,
      note: htmlToPlainText(actor.summary),
      fields: actor.fields.map((f) => ({ name: f.name, value: f.value, verified_at: f.verifiedAt ?? null })),
      follow_requests_count: followRequests,
      hide_collections: account.hide_collections,
      discoverable: account.discoverable,
      indexable: account.indexable,
      attribution_domains: [],
    },
    // Mastodon's roles, plus Samspil's publisher (who publishes in the agency's name): apps show
    // the name, so staff see in their app whether their solutions need a publisher's approval.
    role: {
      id: user.role === 'admin' ? '3' : user.role === 'moderator' ? '1' : user.staffRole === 'publisher' ? '2' : '-99',
      name: user.role === 'admin' ? 'Admin' : user.role === 'moderator' ? 'Moderator' : user.staffRole === 'publisher' ? 'Publisher' : '',
      color: '',
      permissions: ROLE_PERMISSIONS[user.role],
      highlighted: user.role !== 'user' || user.staffRole === 'publisher',
    },
  };
}
