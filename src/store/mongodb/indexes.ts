import { SET_STRING } from './query-shapes.js';
import type { IndexDescription } from 'mongodb';

/** Collection names, one per repository (two for jobs and oauth), as the SQLite tables are named. */
export const COLLECTIONS = {
  actors: 'actors',
  users: 'users',
  tokens: 'access_tokens',
  webSessions: 'web_sessions',
  identityLinks: 'identity_links',
  solutionDrafts: 'solution_drafts',
  pushSubscriptions: 'push_subscriptions',
  nodeLeases: 'node_leases',
  counters: 'rate_counters',
  streamEvents: 'stream_events',
  accountBlocks: 'account_blocks',
  accountMutes: 'account_mutes',
  accountDomainBlocks: 'account_domain_blocks',
  accountNotes: 'account_notes',
  statusPins: 'status_pins',
  objects: 'objects',
  meta: 'meta',
  domainPolicies: 'domain_policies',
  audit: 'audit_log',
  reports: 'reports',
  jobs: 'jobs',
  deliveryHosts: 'delivery_hosts',
  follows: 'follows',
  activities: 'activities',
  oauthApps: 'oauth_apps',
  authorizationCodes: 'oauth_authorization_codes',
  markers: 'markers',
  userSettings: 'user_settings',
  lists: 'lists',
  media: 'media',
  solutions: 'solutions',
  solutionRevisions: 'solution_revisions',
  solutionFacetCounts: 'solution_facet_counts',
  adoptions: 'adoptions',
  bookmarks: 'bookmarks',
  statusVersions: 'status_versions',
  idempotencyKeys: 'status_idempotency',
  notifications: 'notifications',
  postSubscriptions: 'post_subscriptions',
  listMembers: 'list_members',
  notificationPolicies: 'notification_policies',
  filters: 'filters',
  filterKeywords: 'filter_keywords',
  filterStatuses: 'filter_statuses',
  relays: 'relays',
  accountLinks: 'account_links',
  agencyFeedHidden: 'agency_feed_hidden',
} as const;

/** Where schema versions are recorded (one document per applied migration). */
export const MIGRATIONS_COLLECTION = 'schema_migrations';

/** A unique index over a field that may be null: only documents where it is a string take part. */
const uniqueWhenSet = (field: string, name: string): IndexDescription => ({
  key: { [field]: 1 }, name, unique: true, partialFilterExpression: { [field]: SET_STRING },
});

/**
 * Every secondary index, by collection. Created at every start with createIndexes, which is a
 * no-op for an index that exists with the same name and options, so N nodes starting together
 * are harmless. Primary keys are `_id` (always unique) and need no entry here.
 * To change an index, add one with a new name and drop the old one in a migration: createIndexes
 * refuses different options under an existing name.
 */
export const INDEXES: Record<string, IndexDescription[]> = {
  [COLLECTIONS.actors]: [
    { key: { uri: 1 }, name: 'actors_uri', unique: true },
    // SQLite: UNIQUE (username COLLATE NOCASE, ifnull(domain, '')); see actors.ts for the derived keys.
    { key: { usernameKey: 1, domainKey: 1 }, name: 'actors_username_domain', unique: true },
    { key: { publicKeyId: 1 }, name: 'actors_public_key_id' },
    { key: { domain: 1, _id: 1 }, name: 'actors_domain' },
    { key: { domain: 1, displayNameKey: 1 }, name: 'actors_display_name' },
    { key: { inbox: 1 }, name: 'actors_inbox' },
    { key: { sharedInbox: 1 }, name: 'actors_shared_inbox', partialFilterExpression: { sharedInbox: SET_STRING } },
    // Public timelines read the suspended actors at every request (statuses-queries.ts excludedAuthorsFilter).
    { key: { suspendedAt: 1 }, name: 'actors_suspended', partialFilterExpression: { suspendedAt: SET_STRING } },
  ],
  [COLLECTIONS.users]: [
    { key: { actorId: 1 }, name: 'users_actor', unique: true },
  ],
  [COLLECTIONS.tokens]: [
    { key: { tokenHash: 1 }, name: 'access_tokens_hash', unique: true },
    uniqueWhenSet('refreshTokenHash', 'access_tokens_refresh_hash'),
    { key: { userId: 1, _id: 1 }, name: 'access_tokens_user' },
  ],
  [COLLECTIONS.webSessions]: [
    { key: { secretHash: 1 }, name: 'web_sessions_secret_hash', unique: true },
    { key: { userId: 1 }, name: 'web_sessions_user' },
    { key: { expiresAt: 1 }, name: 'web_sessions_expires' },
  ],
  [COLLECTIONS.identityLinks]: [
    { key: { issuer: 1, subject: 1 }, name: 'identity_links_subject', unique: true },
    { key: { userId: 1 }, name: 'identity_links_user' },
  ],
  [COLLECTIONS.solutionDrafts]: [
    { key: { authorId: 1, submittedAt: -1 }, name: 'solution_drafts_author' },
    { key: { state: 1, submittedAt: 1 }, name: 'solution_drafts_state' },
  ],
  [COLLECTIONS.streamEvents]: [
    // TTL: old events go by themselves once every node's change stream is past them.
    { key: { expireAt: 1 }, name: 'stream_events_ttl', expireAfterSeconds: 0 },
  ],
  [COLLECTIONS.counters]: [
    // TTL: MongoDB's background task deletes a window once expireAt has passed.
    { key: { expireAt: 1 }, name: 'rate_counters_ttl', expireAfterSeconds: 0 },
    { key: { key: 1 }, name: 'rate_counters_key' },
  ],
  [COLLECTIONS.nodeLeases]: [
    { key: { leaseUntil: 1 }, name: 'node_leases_until' },
  ],
  [COLLECTIONS.accountBlocks]: [
    { key: { accountId: 1, targetId: 1 }, name: 'account_blocks_pair', unique: true },
    { key: { accountId: 1, _id: -1 }, name: 'account_blocks_account' },
    { key: { targetId: 1, _id: -1 }, name: 'account_blocks_target' },
  ],
  [COLLECTIONS.accountMutes]: [
    { key: { accountId: 1, targetId: 1 }, name: 'account_mutes_pair', unique: true },
    { key: { accountId: 1, _id: -1 }, name: 'account_mutes_account' },
    { key: { targetId: 1 }, name: 'account_mutes_target' },
  ],
  [COLLECTIONS.accountDomainBlocks]: [
    { key: { accountId: 1, domain: 1 }, name: 'account_domain_blocks_pair', unique: true },
    { key: { accountId: 1, _id: -1 }, name: 'account_domain_blocks_account' },
    { key: { domain: 1 }, name: 'account_domain_blocks_domain' },
  ],
  [COLLECTIONS.accountNotes]: [
    { key: { targetId: 1 }, name: 'account_notes_target' },
  ],
  [COLLECTIONS.statusPins]: [
    { key: { accountId: 1, statusId: 1 }, name: 'status_pins_pair', unique: true },
    { key: { accountId: 1, _id: -1 }, name: 'status_pins_account' },
    { key: { statusId: 1 }, name: 'status_pins_status' },
  ],
  [COLLECTIONS.pushSubscriptions]: [
    { key: { tokenId: 1 }, name: 'push_subscriptions_token', unique: true },
    { key: { accountId: 1, _id: 1 }, name: 'push_subscriptions_account' },
    { key: { userId: 1 }, name: 'push_subscriptions_user' },
  ],
  [COLLECTIONS.objects]: [
    { key: { uri: 1 }, name: 'objects_uri', unique: true },
    { key: { actorId: 1, _id: -1 }, name: 'objects_actor' },
    { key: { local: 1, deletedAt: 1, _id: -1 }, name: 'objects_local' },
    { key: { inReplyToUri: 1 }, name: 'objects_in_reply_to', partialFilterExpression: { inReplyToUri: SET_STRING } },
    // SQLite's object_tags (name, object_id): the tag timeline and tag search (derived tagNames, objects.ts).
    { key: { tagNames: 1, _id: -1 }, name: 'objects_tags' },
    // SQLite's statuses_fts (018b): prefix regexes anchored at ^ walk this multikey index (searchPosts).
    { key: { searchTokens: 1, _id: -1 }, name: 'objects_search_tokens' },
    // SQLite's partial objects_public_timeline / objects_public_local_timeline.
    { key: { visibility: 1, _id: -1 }, name: 'objects_public_timeline' },
    { key: { visibility: 1, local: 1, _id: -1 }, name: 'objects_public_local_timeline' },
    // SQLite's object_mentions: direct conversations of the mentioned (derived mentionHrefs).
    { key: { mentionHrefs: 1, _id: -1 }, name: 'objects_mentions', partialFilterExpression: { visibility: 'direct' } },
  ],
  [COLLECTIONS.meta]: [],
  [COLLECTIONS.domainPolicies]: [],
  [COLLECTIONS.audit]: [
    { key: { action: 1, _id: -1 }, name: 'audit_log_action' },
  ],
  [COLLECTIONS.reports]: [
    uniqueWhenSet('remoteFlagUri', 'reports_remote_flag_uri'),
    { key: { resolvedAt: 1, _id: -1 }, name: 'reports_open' },
    { key: { targetActorId: 1, _id: -1 }, name: 'reports_target' },
    { key: { reporterActorId: 1, _id: -1 }, name: 'reports_reporter' },
  ],
  [COLLECTIONS.jobs]: [
    uniqueWhenSet('key', 'jobs_key'),
    // The claim query: due pending jobs and expired leases, oldest runAt first (queries.ts).
    { key: { state: 1, runAt: 1, _id: 1 }, name: 'jobs_due' },
    { key: { state: 1, leaseUntil: 1 }, name: 'jobs_leased', partialFilterExpression: { state: 'running' } },
    // Each of a process's runners claims only its own types (inbox, deliveries, the rest), one type
    // per query (jobs.ts): with the type as an equality prefix a claim reads that type's due keys
    // only, never another type's backlog. The planner picks these by reading fewer keys (plan
    // selection: https://www.mongodb.com/docs/manual/core/query-plans/).
    { key: { type: 1, state: 1, runAt: 1, _id: 1 }, name: 'jobs_due_type' },
    { key: { type: 1, state: 1, leaseUntil: 1 }, name: 'jobs_leased_type', partialFilterExpression: { state: 'running' } },
    { key: { state: 1, _id: -1 }, name: 'jobs_state' },
    { key: { state: 1, updatedAt: 1, _id: 1 }, name: 'jobs_done_age', partialFilterExpression: { state: 'done' } },
  ],
  [COLLECTIONS.deliveryHosts]: [
    { key: { unavailableSince: 1 }, name: 'delivery_hosts_unavailable', partialFilterExpression: { unavailableSince: SET_STRING } },
  ],
  [COLLECTIONS.follows]: [
    { key: { uri: 1 }, name: 'follows_uri', unique: true },
    { key: { followerId: 1, followeeId: 1 }, name: 'follows_pair', unique: true },
    // Collections (followers/following pages): newest first within one state.
    { key: { followeeId: 1, state: 1, _id: -1 }, name: 'follows_followee' },
    { key: { followerId: 1, state: 1, _id: -1 }, name: 'follows_follower' },
  ],
  [COLLECTIONS.activities]: [
    { key: { uri: 1 }, name: 'activities_uri', unique: true },
    // Outboxes (timelines of one actor): by actor and type, newest first.
    { key: { actorId: 1, type: 1, _id: -1 }, name: 'activities_actor' },
    { key: { objectUri: 1, type: 1 }, name: 'activities_object', partialFilterExpression: { objectUri: SET_STRING } },
  ],
  [COLLECTIONS.oauthApps]: [
    { key: { clientId: 1 }, name: 'oauth_apps_client_id', unique: true },
  ],
  [COLLECTIONS.authorizationCodes]: [
    { key: { codeHash: 1 }, name: 'oauth_codes_hash', unique: true },
    { key: { expiresAt: 1 }, name: 'oauth_codes_expires' },
    { key: { userId: 1 }, name: 'oauth_codes_user' },
  ],
  [COLLECTIONS.markers]: [
    { key: { userId: 1, timeline: 1 }, name: 'markers_user_timeline', unique: true },
  ],
  [COLLECTIONS.userSettings]: [],
  [COLLECTIONS.lists]: [
    { key: { userId: 1, _id: 1 }, name: 'lists_user' },
  ],
  // SQLite's list_members_once and list_members_actor (migration 018).
  [COLLECTIONS.listMembers]: [
    { key: { listId: 1, actorId: 1 }, name: 'list_members_once', unique: true },
    { key: { listId: 1, _id: 1 }, name: 'list_members_list' },
    { key: { actorId: 1 }, name: 'list_members_actor' },
  ],
  [COLLECTIONS.notificationPolicies]: [],
  // SQLite's filters_user, filter_keywords_filter, filter_statuses_once (migration 018a).
  [COLLECTIONS.filters]: [{ key: { userId: 1, _id: 1 }, name: 'filters_user' }],
  [COLLECTIONS.filterKeywords]: [{ key: { filterId: 1, _id: 1 }, name: 'filter_keywords_filter' }],
  [COLLECTIONS.filterStatuses]: [{ key: { filterId: 1, statusId: 1 }, name: 'filter_statuses_once', unique: true }],
  [COLLECTIONS.media]: [
    { key: { fileName: 1 }, name: 'media_file_name', unique: true },
    { key: { ownerActorId: 1, _id: 1 }, name: 'media_owner' },
    { key: { objectId: 1, _id: 1 }, name: 'media_object', partialFilterExpression: { objectId: SET_STRING } },
  ],
  [COLLECTIONS.solutions]: [
    { key: { uri: 1 }, name: 'solutions_uri', unique: true },
    { key: { actorId: 1, _id: 1 }, name: 'solutions_actor' },
    // An agency's solutions newest first (listByActor; SQLite's partial solutions_actor_published).
    { key: { actorId: 1, deletedAt: 1, publishedAt: -1, _id: -1 }, name: 'solutions_actor_published' },
    { key: { authorId: 1, _id: 1 }, name: 'solutions_author', partialFilterExpression: { authorId: SET_STRING } },
    { key: { deletedAt: 1, publishedAt: -1, _id: -1 }, name: 'solutions_published' },
    // Prefix regexes anchored at ^ on lower-cased tokens walk this multikey index (solutions-search.ts).
    { key: { searchTokens: 1 }, name: 'solutions_search_tokens' },
    { key: { facet_sector: 1 }, name: 'solutions_facet_sector' },
    { key: { facet_language: 1 }, name: 'solutions_facet_language' },
    { key: { facet_maturity: 1 }, name: 'solutions_facet_maturity' },
    { key: { facet_origin: 1 }, name: 'solutions_facet_origin' },
    { key: { facet_tag: 1 }, name: 'solutions_facet_tag' },
  ],
  // The browse counters' top 100 per facet, most first, ties by value (SQLite's solution_facet_counts_top).
  [COLLECTIONS.solutionFacetCounts]: [
    { key: { facet: 1, n: -1, value: 1 }, name: 'solution_facet_counts_top' },
  ],
  [COLLECTIONS.solutionRevisions]: [
    { key: { solutionId: 1, revision: 1 }, name: 'solution_revisions_solution' },
  ],
  [COLLECTIONS.adoptions]: [
    { key: { uri: 1 }, name: 'adoptions_uri', unique: true },
    { key: { solutionUri: 1, adopterId: 1 }, name: 'adoptions_pair', unique: true },
    { key: { solutionUri: 1, at: -1, _id: -1 }, name: 'adoptions_solution' },
    // Also serves listAdoptionsByAdopter: one agency reports few adoptions (one per solution), so
    // they are sorted in memory; SQLite's (adopter_id, at, id) costs nothing more there, but here
    // a changed key would need a new name and a migration to drop this one.
    { key: { adopterId: 1 }, name: 'adoptions_adopter' },
  ],
  [COLLECTIONS.bookmarks]: [
    { key: { actorId: 1, objectId: 1 }, name: 'bookmarks_pair', unique: true },
    { key: { actorId: 1, _id: -1 }, name: 'bookmarks_actor' },
    // SQLite cascades bookmarks from objects; objects.deleteAllOf deletes them by object id.
    { key: { objectId: 1 }, name: 'bookmarks_object' },
  ],
  [COLLECTIONS.statusVersions]: [
    { key: { objectId: 1, _id: 1 }, name: 'status_versions_object' },
  ],
  // _id is [actorId, key]: the primary key is the only lookup.
  [COLLECTIONS.idempotencyKeys]: [],
  [COLLECTIONS.notifications]: [
    // SQLite: UNIQUE (account_id, type, from_actor_id, ifnull(status_id, '')); statusKey is that ifnull.
    { key: { accountId: 1, type: 1, fromActorId: 1, statusKey: 1 }, name: 'notifications_once', unique: true },
    { key: { accountId: 1, _id: -1 }, name: 'notifications_account' },
    // removeWhere (an Undo) matches by sender and type across accounts.
    { key: { fromActorId: 1, type: 1 }, name: 'notifications_from' },
  ],
  [COLLECTIONS.postSubscriptions]: [
    { key: { followeeId: 1, followerId: 1 }, name: 'post_subscriptions_followee' },
  ],
  [COLLECTIONS.accountLinks]: [
    { key: { tokenHash: 1 }, name: 'account_links_token_hash', unique: true },
    { key: { userId: 1, createdAt: -1 }, name: 'account_links_user' },
    { key: { expiresAt: 1 }, name: 'account_links_expires' },
  ],
  [COLLECTIONS.relays]: [
    { key: { actorUri: 1 }, name: 'relays_actor', unique: true },
    { key: { followUri: 1 }, name: 'relays_follow', unique: true },
  ],
  // _id is [accountId, authorId]; hiddenBy reads one account's entries.
  [COLLECTIONS.agencyFeedHidden]: [
    { key: { accountId: 1, authorId: 1 }, name: 'agency_feed_hidden_account' },
  ],
};
